import Foundation

/// The kinds of copy that must be recognised as near-duplicates of an article, made the way
/// they appear in the wild.
public enum CopyVariants {
    /// The licence footer and editors' initials removed, white space changed, two words edited.
    public static func edited(_ text: String) -> String {
        var copy = text
        for footer in ["All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License.", "NA/MJ/PA", "NA/PA"] {
            copy = copy.replacingFirst(footer, with: "")
        }
        copy = copy.replacingFirst(" the ", with: "  the\n").replacingFirst("\n\n", with: "\n \n\n")
        copy = copy.replacingFirst("region", with: "area").replacingFirst("said", with: "stated")
        return copy
    }

    /// The article inside another site's navigation, share prompts and footer.
    public static func wrapped(_ text: String) -> String {
        """
        Home | World | Middle East

        Share on Facebook
        Tweet
        Email

        Latest: Markets open higher after central bank holds rates steady

        \(text)

        Share this article

        Most read: Heavy snow closes mountain roads across the north for a second day
        Subscribe to our newsletter for the day's top stories delivered every morning
        Comments are closed for this article. Read our community guidelines.
        """
    }

    /// The first `fraction` of the article's characters.
    public static func truncated(_ text: String, to fraction: Double = 0.8) -> String {
        String(text.prefix(Int(Double(text.count) * fraction)))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
