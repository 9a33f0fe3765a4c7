/// The bytes a parse worker and the daemon exchange: little-endian integers, strings and
/// byte strings with their length first. Each message travels as one frame: its length
/// (4 bytes), then its bytes.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func integer<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func data(_ value: [UInt8]) {
        integer(UInt32(value.count))
        bytes += value
    }

    mutating func string(_ value: String) { data(Array(value.utf8)) }

    mutating func optionalString(_ value: String?) {
        integer(UInt8(value == nil ? 0 : 1))
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        integer(UInt32(values.count))
        for value in values { string(value) }
    }

    /// The message as a frame: its length, then its bytes.
    var frame: [UInt8] {
        var framed: [UInt8] = []
        framed.reserveCapacity(bytes.count + 4)
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { framed.append(contentsOf: $0) }
        return framed + bytes
    }
}

/// Reads what a ``WireWriter`` wrote; throws ``WireFormatError`` on anything short or malformed.
struct WireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func integer<Value: FixedWidthInteger>(_: Value.Type = Value.self) throws(WireFormatError) -> Value {
        let size = MemoryLayout<Value>.size
        guard offset + size <= bytes.count else { throw WireFormatError() }
        var value = Value.zero
        for index in 0..<size { value |= Value(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }

    mutating func data() throws(WireFormatError) -> [UInt8] {
        let count = Int(try integer(UInt32.self))
        guard offset + count <= bytes.count else { throw WireFormatError() }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func string() throws(WireFormatError) -> String { String(decoding: try data(), as: UTF8.self) }

    mutating func optionalString() throws(WireFormatError) -> String? {
        try integer(UInt8.self) == 0 ? nil : try string()
    }

    mutating func strings() throws(WireFormatError) -> [String] {
        let count = Int(try integer(UInt32.self))
        guard count <= bytes.count - offset else { throw WireFormatError() }
        return try (0..<count).map { _ throws(WireFormatError) in try string() }
    }

    var isAtEnd: Bool { offset == bytes.count }
}

/// A message that does not read as the other side wrote it.
struct WireFormatError: Error {}
