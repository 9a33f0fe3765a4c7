extension HTMLCharset {
    /// A character encoding named by an HTML page, as the WHATWG Encoding Standard reads
    /// its label, with the name glibc's iconv knows it by.
    struct Encoding: Equatable {
        /// The WHATWG name (`windows-1252`, `Shift_JIS`).
        var name: String
        var iconvName: String

        init(name: String, iconvName: String) {
            self.name = name
            self.iconvName = iconvName
        }

        /// The encoding a label names (`latin1`, `x-sjis`, `koi8-r`), or nil when the
        /// label names none.
        init?(label: String) {
            let label = label.trimmingWhiteSpace().lowercased()
            if let known = Self.byLabel[label] {
                self = known
                return
            }
            // iso-8859-N, iso8859-N, iso_8859-N, windows-125N and cp125N by rule.
            for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso-ir-"] where label.hasPrefix(prefix) {
                guard prefix != "iso-ir-", let part = Int(label.dropFirst(prefix.count).prefix { $0.isNumber }) else { continue }
                switch part {
                case 1, 9: self = part == 1 ? Self.windows1252 : Encoding(name: "windows-1254", iconvName: "CP1254")
                case 2...8, 10, 13...16: self = Encoding(name: "ISO-8859-\(part)", iconvName: "ISO-8859-\(part)")
                case 11: self = Encoding(name: "windows-874", iconvName: "CP874")
                default: return nil
                }
                return
            }
            for prefix in ["windows-", "cp", "x-cp"] where label.hasPrefix(prefix) {
                guard let number = Int(label.dropFirst(prefix.count)), (1250...1258).contains(number) else { continue }
                self = number == 1252 ? Self.windows1252 : Encoding(name: "windows-\(number)", iconvName: "CP\(number)")
                return
            }
            return nil
        }

        static let windows1252 = Encoding(name: "windows-1252", iconvName: "WINDOWS-1252")

        private static let byLabel: [String: Encoding] = {
            var table: [String: Encoding] = [:]
            func add(_ name: String, _ iconvName: String, _ labels: [String]) {
                for label in labels { table[label] = Encoding(name: name, iconvName: iconvName) }
            }
            add("UTF-8", "UTF-8", ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"])
            // A page whose declaration could be read as ASCII is not UTF-16, whatever it says.
            add("UTF-8", "UTF-8", ["utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2"])
            add("windows-1252", "WINDOWS-1252", ["ascii", "us-ascii", "ansi_x3.4-1968", "latin1", "l1", "cp819", "ibm819",
                                                 "iso-ir-100", "csisolatin1", "x-cp1252", "iso_8859-1:1987"])
            add("ISO-8859-2", "ISO-8859-2", ["latin2", "l2", "csisolatin2", "iso-ir-101"])
            add("ISO-8859-5", "ISO-8859-5", ["cyrillic", "csisolatincyrillic", "iso-ir-144"])
            add("ISO-8859-7", "ISO-8859-7", ["greek", "greek8", "elot_928", "ecma-118", "csisolatingreek", "iso-ir-126", "sun_eu_greek"])
            add("ISO-8859-15", "ISO-8859-15", ["latin9", "l9", "csisolatin9"])
            add("KOI8-R", "KOI8-R", ["koi8-r", "koi8_r", "koi8", "koi", "cskoi8r"])
            add("KOI8-U", "KOI8-U", ["koi8-u", "koi8-ru"])
            add("IBM866", "CP866", ["ibm866", "866", "cp866", "csibm866"])
            add("macintosh", "MACINTOSH", ["macintosh", "mac", "x-mac-roman", "csmacintosh"])
            add("x-mac-cyrillic", "MAC-CYRILLIC", ["x-mac-cyrillic", "x-mac-ukrainian"])
            add("windows-874", "CP874", ["windows-874", "dos-874", "tis-620"])
            add("GBK", "GBK", ["gbk", "gb2312", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "csiso58gb231280", "x-gbk", "iso-ir-58"])
            add("gb18030", "GB18030", ["gb18030"])
            add("Big5", "BIG5-HKSCS", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"])
            add("EUC-JP", "EUC-JP", ["euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"])
            add("ISO-2022-JP", "ISO-2022-JP", ["iso-2022-jp", "csiso2022jp"])
            add("Shift_JIS", "CP932", ["shift_jis", "shift-jis", "sjis", "x-sjis", "ms932", "ms_kanji", "windows-31j", "csshiftjis"])
            add("EUC-KR", "CP949", ["euc-kr", "cseuckr", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",
                                    "windows-949", "iso-ir-149", "csksc56011987"])
            return table
        }()
    }
}
