/// Outlet names for the agency abbreviations that appear in datelines: `Tehran (IP) -`.
enum OutletNames {
    private static let byAbbreviation: [String: String] = [
        "ip": "Iran Press",
        "ap": "Associated Press",
        "afp": "AFP",
        "reuters": "Reuters",
        "tasnim": "Tasnim",
        "mehr": "Mehr News Agency",
        "mna": "Mehr News Agency",
        "irna": "IRNA",
        "isna": "ISNA",
        "fna": "Fars News Agency",
        "fars": "Fars News Agency",
        "xinhua": "Xinhua",
        "tass": "TASS",
        "dpa": "dpa",
        "upi": "UPI",
        "pti": "PTI",
        "ani": "ANI",
        "ians": "IANS",
        "aa": "Anadolu Agency",
        "sana": "SANA",
    ]

    /// The outlet an agency tag names; an unknown tag is taken as the outlet's own name.
    static func outlet(forAgency tag: String) -> String {
        byAbbreviation[tag.lowercased()] ?? tag
    }
}
