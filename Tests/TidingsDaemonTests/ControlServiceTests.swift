import Logging
import Testing
import TidingsStore
@testable import TidingsDaemon

/// Configuration reloads, without a signal: what a reload keeps and what it refuses.
@Suite struct ControlServiceTests {
    let notifier = RecordingNotifier()

    func service(_ state: DaemonState, loading: @escaping @Sendable () async throws -> Settings) -> ControlService {
        ControlService(state: state, notifier: notifier, statusLine: { "status" }, logger: Logger(label: "test"), load: loading)
    }

    @Test func aReloadPutsNewSettingsInForceButNotNewPaths() async {
        var settings = Settings()
        settings.inboxPath = "/srv/inbox"
        let original = settings
        let state = DaemonState(settings: original, countsAtStart: StoreStats())
        await service(state) {
            var changed = original
            changed.inboxPath = "/elsewhere"
            changed.settleMilliseconds = 42
            return changed
        }.reload()
        #expect(state.settings.settleMilliseconds == 42)
        #expect(state.settings.inboxPath == "/srv/inbox")
        #expect(notifier.messages == ["RELOADING=1", "READY=1\nSTATUS=status"])
    }

    @Test func aConfigurationThatDoesNotLoadKeepsTheOldOne() async {
        let state = DaemonState(settings: Settings(), countsAtStart: StoreStats())
        await service(state) { throw ConfigurationError("settle_ms: not a number") }.reload()
        #expect(state.settings == Settings())
        #expect(notifier.messages == ["RELOADING=1", "READY=1\nSTATUS=status"])
    }
}
