import Testing
@testable import TidingsCore

/// One test per row of ``BoilerplateRule/standard``, each with text that must go and text
/// that must stay, so a new row comes with its own evidence.
@Suite struct BoilerplateRuleTests {
    let parser = ArticleParser()
    let lead = "LONDON - The council approved the budget on Monday after a long debate."

    func body(_ text: String) throws -> ParsedArticle { try parser.parse(Array(text.utf8)) }

    @Test func everyRuleHasATest() {
        let tested: Set = ["breadcrumb-glued", "breadcrumb-separated", "back-to-top", "share-prompt", "byline",
                           "read-more-tail", "outlet-prefix", "licence-footer", "copyright-footer", "editor-initials"]
        #expect(Set(BoilerplateRule.standard.map(\.name)) == tested)
    }

    @Test func gluedBreadcrumbOnTheFirstLineGoes() throws {
        let article = try body("IranSyriaWest Asia\n\n\(lead)")
        #expect(article.body == "The council approved the budget on Monday after a long debate.")
    }

    @Test func twoGluedWordsAreNotABreadcrumb() throws {
        let article = try body("McDonald Expands\n\n\(lead)")
        #expect(article.title == "McDonald Expands")
    }

    @Test func separatedBreadcrumbGoes() throws {
        let article = try body("Home > World > Middle East\n\nCouncil Approves Budget\n\n\(lead)")
        #expect(article.title == "Council Approves Budget")
    }

    @Test func backToTopGoes() throws {
        #expect(try body("\(lead)\n\nBack to top button").body.hasSuffix("debate."))
        #expect(try body("\(lead)\n\nback to top\n").paragraphs.count == 1)
    }

    @Test func sharePromptsGoButSentencesAboutSharingStay() throws {
        let article = try body("Share on Facebook\nTweet\nEmail\n\n\(lead)\n\nShare this article\n\nFollow us on Twitter\n\nShare prices rose 3% on the news.")
        #expect(article.paragraphs == ["The council approved the budget on Monday after a long debate.", "Share prices rose 3% on the news."])
    }

    @Test func bylineIsCapturedAndRemoved() throws {
        let article = try body("Budget Passes\n\nBy Jane Doe and John Smith\n\n\(lead)")
        #expect(article.byline == "Jane Doe and John Smith")
        #expect(article.paragraphs.count == 1)
        #expect(try body("\(lead)\n\nBy the end of the day, nothing had changed.").byline == nil)
    }

    @Test func readMoreRemovesEverythingAfterIt() throws {
        let article = try body("\(lead)\n\nRead More:\n\nOther story one\n\nOther story two")
        #expect(article.paragraphs.count == 1)
        #expect(try body("\(lead)\n\nRelated:\nOther story").paragraphs.count == 1)
    }

    @Test func readMoreInsideASentenceStays() throws {
        #expect(try body("\(lead)\n\nRead more about the budget in the annex.").paragraphs.count == 2)
    }

    @Test func outletPrefixIsRemovedAndNamesTheSource() throws {
        let article = try body("The council met.\n\nIran Press/Iran News: The budget passed.")
        #expect(article.paragraphs == ["The council met.", "The budget passed."])
        #expect(article.source == "Iran Press")
    }

    @Test func licenceFooterIsRemovedAndNamesTheSource() throws {
        let article = try body("\(lead) All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License.")
        #expect(article.body == "The council approved the budget on Monday after a long debate.")
        #expect(article.source == "Mehr News Agency")
    }

    @Test func copyrightFooterIsRemoved() throws {
        let article = try body("\(lead)\n\n© 2024 Example News. All rights reserved.")
        #expect(article.paragraphs.count == 1)
        #expect(article.source == "Example News")
    }

    @Test func editorInitialsBeforeTheFooterGoToo() throws {
        let article = try body("\(lead) NA/MJ/PA All Content by Mehr News Agency is licensed under a CC license.")
        #expect(article.body == "The council approved the budget on Monday after a long debate.")
        #expect(try body("\(lead)\n\nNA/PA").paragraphs.count == 1)
    }

    @Test func abbreviationsWithSlashesInsideTheTextStay() throws {
        #expect(try body("\(lead) The AC/DC concert went ahead.").body.hasSuffix("The AC/DC concert went ahead."))
    }
}
