import ArgumentParser
import Foundation
import Glibc
import TidingsCore

/// Inputs built to be slow, at growing sizes: parse and fingerprint time per MiB should
/// stay flat (linear total time), and the memory high-water mark should stay a small
/// multiple of the input.
struct HostileBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile",
        abstract: "Time parsing and fingerprinting of adversarial inputs at growing sizes (default limits).")

    @Option(help: "Sizes to try, in KiB.")
    var sizes: [Int] = [512, 2048, 8192]

    @Option(help: "Only the shapes whose name contains this (\"HTML\" for the HTML pages alone, so that the peak RSS is theirs).")
    var matching: String?

    /// One adversarial shape: builds an input of about `bytes` bytes.
    struct Shape: Sendable {
        let name: String
        let make: @Sendable (Int) -> [UInt8]
    }

    static func repeated(_ head: String, _ unit: String, to bytes: Int) -> [UInt8] {
        let unitBytes = Array(unit.utf8)
        var out = Array(head.utf8)
        out.reserveCapacity(bytes + unitBytes.count)
        while out.count < bytes { out += unitBytes }
        return out
    }

    static let shapes: [Shape] = [
        Shape(name: "lines just under the line limit") { bytes in
            repeated("Headline\n\n", String(repeating: "word ", count: 52_000) + "\n", to: bytes)
        },
        Shape(name: "one line over the line limit") { bytes in repeated("Headline\n\n", "word ", to: bytes) },
        Shape(name: "one long word per line") { bytes in repeated("Headline\n\n", String(repeating: "x", count: 100_000) + "\n\n", to: bytes) },
        Shape(name: "many tiny paragraphs") { bytes in repeated("Headline\n\n", "a\n\n", to: bytes) },
        Shape(name: "as many as allowed, in one file") { bytes in
            repeated("Headline\n\n", String(repeating: "a", count: max(1, bytes / 90_000)) + "\n\n", to: bytes)
        },
        Shape(name: "JSON body of tiny paragraphs") { bytes in
            repeated("{\"title\":\"t\",\"body\":\"", "a\\n\\n", to: bytes - 2) + Array("\"}".utf8)
        },
        Shape(name: "stacked combining marks") { bytes in
            repeated("Headline\n\n", "a" + String(repeating: "\u{0301}\u{0308}", count: 200) + " a\n", to: bytes)
        },
        Shape(name: "a huge word of NFKC expanders") { bytes in
            repeated("Headline\n\n", String(repeating: "\u{FDFA}", count: 80_000) + "\n", to: bytes)
        },
        Shape(name: "NFKC expanders (U+FDFA)") { bytes in
            repeated("Headline\n\n", String(repeating: "\u{FDFA} ", count: 100) + "\n", to: bytes)
        },
        Shape(name: "boilerplate-like lines") { bytes in
            repeated("Headline\n\n", "Copyright 2026 Reuters. All rights reserved. (Reporting by A B; Editing by C D)\n", to: bytes)
        },
        Shape(name: "JSON nested past the limit") { bytes in repeated("", "{\"a\":", to: bytes) },
        Shape(name: "JSON nested within the limit, many times") { bytes in
            let nested = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
            return repeated("{\"title\":\"t\",\"body\":\"word\",\"x\":[", nested + ",", to: bytes - 4) + Array("0]}".utf8)
        },
        Shape(name: "JSON body of NFKC expanders, no spaces") { bytes in
            repeated("{\"title\":\"t\",\"body\":\"", "\u{FDFA}", to: bytes - 2) + Array("\"}".utf8)
        },
        Shape(name: "JSON with a huge body") { bytes in
            repeated("{\"title\":\"t\",\"body\":\"", String(repeating: "word \\u00e9 ", count: 12) + "\\n\\n", to: bytes - 2) + Array("\"}".utf8)
        },        Shape(name: "HTML: a page of prose paragraphs") { bytes in
            repeated("<!DOCTYPE html><html><head><title>t</title></head><body><article>",
                     "<p>The council said on Monday that the bridge would close, and that buses would run instead.</p>\n", to: bytes)
        },
        Shape(name: "HTML: prose in KOI8-R") { bytes in
            // "Мост закроют на ремонт, сообщили в мэрии." in KOI8-R, as many paragraphs as fit.
            let sentence: [UInt8] = [0xED, 0xCF, 0xD3, 0xD4, 0x20, 0xDA, 0xC1, 0xCB, 0xD2, 0xCF, 0xC0, 0xD4, 0x20, 0xCE, 0xC1, 0x20,
                                     0xD2, 0xC5, 0xCD, 0xCF, 0xCE, 0xD4, 0x2C, 0x20, 0xD3, 0xCF, 0xCF, 0xC2, 0xDD, 0xC9, 0xCC, 0xC9, 0x20, 0xD7, 0x20,
                                     0xCD, 0xDC, 0xD2, 0xC9, 0xC9, 0x2E, 0x20]
            var out = Array("<html><head><meta charset=\"koi8-r\"></head><body>".utf8)
            while out.count < bytes { out += Array("<p>".utf8) + sentence + sentence + sentence + Array("</p>\n".utf8) }
            return out
        },
        Shape(name: "HTML: nested divs") { bytes in repeated("<html><body>", "<div>", to: bytes) + Array("<p>The end of a very deep page, with some words.</p>".utf8) },
        Shape(name: "HTML: unclosed inline tags") { bytes in repeated("<html><body><p>", "<b>word <i>word ", to: bytes) },
        Shape(name: "HTML: table soup") { bytes in repeated("<html><body>", "<table><tr><td>cell, text<div>", to: bytes) },
        Shape(name: "HTML: long attribute lists") { bytes in
            repeated("<html><body>", "<div class=\"a b c d e\" id=\"x\" data-a=\"1\" data-b=\"2\" style=\"color:red\">Some words, here.</div>", to: bytes)
        },
        Shape(name: "HTML: scripts only") { bytes in repeated("<html><head>", "<script>var story = 'not an article';</script>", to: bytes) },
        Shape(name: "HTML: more elements than allowed") { bytes in repeated("<html><body>", "<span>x</span>", to: bytes) },
        // The page a security review built to stop ingestion (16 s for 451 KB before the
        // repeat check was made linear): half 500 identical words, half 249 and one other.
        Shape(name: "HTML: paragraphs of one word repeated") { bytes in
            let long = [String](repeating: "lorem", count: 500).joined(separator: " ")
            let short = [String](repeating: "lorem", count: 249).joined(separator: " ") + " ipsum"
            return repeated("<html><body><article>", "<p>\(long)</p><p>\(short)</p>\n", to: bytes)
        },
        Shape(name: "HTML: each paragraph the start of the next") { bytes in
            var out = Array("<html><body><article>".utf8)
            var words: [String] = []
            while out.count < bytes {
                words.append("word\(words.count % 97)")
                out += Array("<p>\(words.suffix(400).joined(separator: " ")).</p>\n".utf8)
            }
            return out
        },
        Shape(name: "HTML: one tag with too many attributes") { bytes in
            repeated("<html><body><div", " a=x", to: bytes) + Array(">text</div>".utf8)
        },
        Shape(name: "HTML: attributes just under the limit on every tag") { bytes in
            let tag = "<div " + (0..<999).map { "a\($0)=x" }.joined(separator: " ") + ">Some words of text, here.</div>\n"
            return repeated("<html><body>", tag, to: bytes)
        },
    ] + (1...4).map { seed in
        Shape(name: "generated adversarial page #\(seed)") { bytes in AdversarialPage.make(seed: UInt64(seed), bytes: bytes) }
    } + wireShapes

    /// The agencies' formats: many items in one file, entity references, depth, MIME parts.
    static let wireShapes: [Shape] = [
        Shape(name: "Wire: news message of many small items") { bytes in
            var index = 0
            var out = Array("<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemSet>".utf8)
            while out.count < bytes {
                out += Array("""
                    <newsItem guid="urn:x:\(index)" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>\
                    <contentMeta><headline>Item \(index)</headline></contentMeta><contentSet><inlineData>Story \(index) says \
                    words w\(index)a w\(index)b w\(index)c w\(index)d.</inlineData></contentSet></newsItem>
                    """.utf8)
                index += 1
            }
            return out + Array("</itemSet></newsMessage>".utf8)
        },
        Shape(name: "Wire: NITF paragraphs full of entity references") { bytes in
            repeated("<nitf><body><body.content>", "<p>caf&eacute; &amp; cr&egrave;me &#233;t&#xE9;</p>", to: bytes)
                + Array("</body.content></body></nitf>".utf8)
        },
        Shape(name: "Wire: NITF nested past libxml2's depth") { bytes in repeated("<nitf><body><body.content>", "<block>", to: bytes) },
        Shape(name: "Wire: RSS of many entries with HTML bodies") { bytes in
            repeated("<rss version=\"2.0\"><channel><title>T</title>", "<item><title>Entry</title><description>&lt;p&gt;Words of an entry, here.&lt;/p&gt;</description></item>", to: bytes)
                + Array("</channel></rss>".utf8)
        },
        Shape(name: "Wire: e-mail of many MIME parts") { bytes in
            repeated("From: a@example.com\nSubject: Parts\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n",
                     "--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nQUJD\n", to: bytes)
                + Array("--b\nContent-Type: text/plain\n\nThe one text part, at the end.\n--b--\n".utf8)
        },
        Shape(name: "Wire: ANPA of many indented lines") { bytes in
            repeated("\u{01}a0001 r f BC-Long 12-01 9999\n\u{02}^Long headline<\n", "   A line of the story, indented.\n", to: bytes) + [0x03]
        },
        Shape(name: "Wire: JSON array of many ninjs items") { bytes in
            var index = 0
            var out = Array("[".utf8)
            while out.count < bytes {
                out += Array("{\"uri\": \"urn:x:\(index)\", \"headline\": \"H\", \"body_text\": \"Story \(index) in words.\"},".utf8)
                index += 1
            }
            return out + Array("{\"headline\": \"Last\", \"body_text\": \"The end.\"}]".utf8)
        },
    ]

    func run() throws {
        let parser = ArticleParser()
        let clock = ContinuousClock()
        print("hostile inputs, default limits (parse + fingerprint), time per MiB at \(sizes.map { "\($0) KiB" }.joined(separator: ", ")):")
        for shape in Self.shapes where matching.map({ shape.name.contains($0) }) ?? true {
            var perMiB: [Double] = []
            var outcome = ""

            for kib in sizes {
                let input = shape.make(kib * 1024)
                let elapsed = clock.measure {
                    do throws(Rejection) {
                        let items = try parser.parseItems(input)
                        for case .success(let article) in items { _ = Fingerprint(body: article.body) }
                        outcome = items.count == 1 ? "parsed" : "\(items.count) items"
                    } catch {
                        outcome = "rejected: \(error.message.prefix(50))"
                    }
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                perMiB.append(seconds / (Double(input.count) / 1_048_576))
            }
            let growth = perMiB.last! / max(perMiB.first!, 1e-9)
            // getrusage gives the process's high-water mark: it only says how far the
            // worst shape so far went.
            print(String(format: "  %-44@ %@  ×%.1f per MiB, smallest to largest; peak RSS so far %d MiB; %@",
                         shape.name, perMiB.map { String(format: "%7.1f ms/MiB", $0 * 1000) }.joined(separator: " "),
                         growth, Self.peakResidentKiB() / 1024, outcome))
        }
    }

    /// The process's resident-set high-water mark (getrusage's ru_maxrss), in KiB.
    static func peakResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
