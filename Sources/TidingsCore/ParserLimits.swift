/// Explicit bounds on what a parser accepts, so hostile input costs bounded time and memory.
package struct ParserLimits: Sendable, Equatable {
    /// Files larger than this are rejected without being read.
    package var maxFileBytes: Int
    /// JSON documents nested deeper than this (objects and arrays) are rejected.
    package var maxJSONDepth: Int
    /// Plain-text files with a line longer than this many UTF-8 bytes are rejected.
    package var maxLineBytes: Int
    /// What to do with bytes that are not valid UTF-8 (and no BOM says otherwise).
    package var invalidUTF8: InvalidUTF8Policy
    /// HTML elements nested deeper than this are not kept as elements (their text is).
    package var maxHTMLDepth: Int
    /// HTML pages with more elements than this are rejected.
    package var maxHTMLElements: Int
    /// HTML pages with an element of more attributes than this are rejected before parsing
    /// (libxml2 takes time quadratic in the attributes of one element).
    package var maxHTMLAttributes: Int

    package init(
        maxFileBytes: Int = 10 * 1024 * 1024,
        maxJSONDepth: Int = 64,
        maxLineBytes: Int = 256 * 1024,
        invalidUTF8: InvalidUTF8Policy = .reject,
        maxHTMLDepth: Int = 256,
        maxHTMLElements: Int = 200_000,
        maxHTMLAttributes: Int = 1_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxLineBytes = maxLineBytes
        self.invalidUTF8 = invalidUTF8
        self.maxHTMLDepth = maxHTMLDepth
        self.maxHTMLElements = maxHTMLElements
        self.maxHTMLAttributes = maxHTMLAttributes
    }
}

/// The documented fallback for text that is not valid UTF-8.
package enum InvalidUTF8Policy: String, Sendable, Equatable, CaseIterable {
    /// Reject the file, naming the offset of the first invalid byte.
    case reject
    /// Decode the whole file as Windows-1252, the usual encoding of legacy wire feeds.
    case windows1252 = "windows-1252"
}
