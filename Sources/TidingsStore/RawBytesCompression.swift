import CZstd
import Foundation

/// The raw bytes of each article are kept so that `verify` can prove them against their
/// SHA-256 and an operator can recover the file as it arrived; they are read rarely and
/// written for every article, so they are stored compressed with Zstandard (`raw_encoding`
/// 'zstd', `raw_size` the original length). On the 10k benchmark corpus this took the
/// store from 16.7 to ~13 KiB an article for ~45 µs a file (zstd's samples in `perf`), which
/// the pipeline spends on its reading threads (``IngestItem/compressedRaw``). Rows written
/// before migration v6 hold the bytes as they were (`raw_encoding` NULL).
package enum RawBytesCompression {
    /// Zstandard's default level: on news text of a few KiB, levels above it gain a few
    /// per cent for twice the time.
    static let level: Int32 = 3
    static let encoding = "zstd"

    package static func compress(_ bytes: [UInt8]) -> Data {
        var output = Data(count: ZSTD_compressBound(bytes.count))
        let written = output.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, level)
            }
        }
        // Compressing into a buffer of ZSTD_compressBound bytes cannot fail.
        precondition(ZSTD_isError(written) == 0, "ZSTD_compress: \(String(cString: ZSTD_getErrorName(written)))")
        // A copy of just the compressed bytes: shortening `output` would keep its whole
        // buffer (a little more than the input) alive while the item waits for its commit.
        return output.withUnsafeBytes { Data(bytes: $0.baseAddress!, count: written) }
    }

    /// The original bytes, or nil when `data` is not a Zstandard frame of exactly `size` bytes.
    package static func decompress(_ data: Data, size: Int) -> [UInt8]? {
        guard size >= 0 else { return nil }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        guard ZSTD_isError(written) == 0, written == size else { return nil }
        return output
    }
}
