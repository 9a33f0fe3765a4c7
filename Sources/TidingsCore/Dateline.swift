import Foundation

/// A wire dateline at the start of a story: `WASHINGTON, Jan 5 (Reuters) -`.
struct Dateline: Equatable {
    /// The place, with the date when the dateline has one: `WASHINGTON, Jan 5`.
    var text: String
    /// The agency tag in parentheses, if any: `Reuters`.
    var agency: String?
    /// How many characters of the paragraph the dateline takes, separator included.
    var length: Int

    private static let date = #"(?:,\s+(\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?))?"#
    /// Any capitalised place, when an agency tag follows it: `Tehran (IP) -`.
    private static let withAgency = try! NSRegularExpression(
        pattern: #"^(\p{Lu}[\p{L}\p{M}.'’ ]{0,40}?)"# + date + #"\s+\(([^()\n]{1,40})\)\s*[-–—]+\s+"#)
    /// An all-capitals place alone: `TEHRAN -`, `TEHRAN –`.
    private static let placeOnly = try! NSRegularExpression(
        pattern: #"^(\p{Lu}[\p{Lu}\p{M}.'’ ]{0,40}?\p{Lu}\.?)"# + date + #"\s+[-–—]+\s+"#)

    /// A dateline is at most ~150 characters (a place of 41, a date, a tag of 40); only
    /// this many are matched, so a long first paragraph costs no more than a short one.
    private static let maxCharacters = 256

    /// The dateline that opens `paragraph`, if it has one.
    static func parse(_ opening: String) -> Dateline? {
        let paragraph = String(opening.prefix(maxCharacters))
        let range = NSRange(paragraph.startIndex..., in: paragraph)
        for (expression, agencyGroup) in [(withAgency, 3), (placeOnly, 0)] {
            guard let match = expression.firstMatch(in: paragraph, options: [.anchored], range: range),
                  let whole = Range(match.range, in: paragraph),
                  let place = Range(match.range(at: 1), in: paragraph) else { continue }
            var text = paragraph[place].trimmingWhiteSpace()
            if let date = Range(match.range(at: 2), in: paragraph) { text += ", " + paragraph[date] }
            var agency: String?
            if agencyGroup > 0, let tag = Range(match.range(at: agencyGroup), in: paragraph) {
                agency = paragraph[tag].trimmingWhiteSpace()
            }
            return Dateline(text: text, agency: agency, length: paragraph.distance(from: paragraph.startIndex, to: whole.upperBound))
        }
        return nil
    }
}
