import ArgumentParser
import TidingsDaemon
import TidingsStore

/// `tidings migrate --to postgresql://…`: an SQLite store copied into PostgreSQL.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy an SQLite store into a PostgreSQL store.",
        discussion: """
            Copies the articles with their candidate index, the journal and the takedowns, with their ids and \
            sequence numbers, in rounds of one transaction each. Run it again after an interruption: it goes \
            on where it stopped. Stop the daemon on the SQLite store first (what it commits during the copy is \
            copied by the next run). The journal's file entries are recorded as store.instance's, the daemon \
            that will run on the new store, so that its files are replayed there, not duplicated. Ends with \
            `verify` on both stores.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("The PostgreSQL store to copy into (an empty database, or one this command began to fill).", valueName: "url"))
    var to: String

    @Option(help: ArgumentHelp("The daemon the copied entries belong to.", discussion: "Default: store.instance.", valueName: "name"))
    var instance: String?

    func run() async throws {
        let (opened, settings) = try await options.open(.readOnly)
        guard let source = opened as? SQLiteStore else {
            throw UsageError("the store to migrate must be an SQLite store; \(opened.path) is not one")
        }
        var targetSettings = settings
        targetSettings.storeURL = to
        guard let target = try targetSettings.openStore(.readWrite) as? PostgreSQLStore else {
            throw UsageError("--to must be a postgresql:// URL")
        }
        let migration = StoreMigration(from: source, to: target, instance: instance ?? settings.instance)
        let done = try migration.run { progress in
            printError("\(progress.articles) articles, \(progress.journalEntries) journal entries copied")
        }
        printError("copied \(done.articles) articles, \(done.journalEntries) journal entries and \(done.removals) takedown\(done.removals == 1 ? "" : "s") into \(target.path)")
        let (before, after) = (try source.verify(), try target.verify())
        let (sourceStats, targetStats) = (try source.stats(), try target.stats())
        printError("verify: \(source.path) \(before.passed ? "passed" : "FAILED"), \(target.path) \(after.passed ? "passed" : "FAILED")")
        guard sourceStats == targetStats else {
            printError("the stores disagree: \(sourceStats) against \(targetStats)")
            throw ExitCode(ExitStatus.damagedStore)
        }
        if !before.passed || !after.passed { throw ExitCode(ExitStatus.damagedStore) }
        print("\(targetStats.articles) articles, \(targetStats.nearDuplicates) variants, \(targetStats.journalEntries) journal entries on both stores")
    }
}
