import Foundation

/// Timestamps as Tidings writes them everywhere — journal, sidecars, JSON logs — so they
/// sort and compare as text: ISO 8601, UTC, milliseconds ("2026-11-21T17:40:12.345Z").
package enum Timestamp {
    package static func now() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
