import Testing
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

/// The PostgreSQL password, from its own file or systemd's credential, never elsewhere.
@Suite struct StorePasswordTests {
    let directory = TemporaryDirectory("tidings-password")

    @Test func theFileIsReadWithoutItsLineEnd() throws {
        let file = try directory.write("password", "s3cret\n")
        #expect(try StorePassword.read(file: file, environment: [:]) == "s3cret")
    }

    @Test func systemdsCredentialIsUsedWhenNoFileIsNamed() throws {
        try directory.write("store-password", "from-systemd\r\n")
        #expect(try StorePassword.read(file: "", environment: ["CREDENTIALS_DIRECTORY": directory.path]) == "from-systemd")
        #expect(try StorePassword.read(file: "", environment: [:]) == nil)
        #expect(try StorePassword.read(file: "", environment: ["CREDENTIALS_DIRECTORY": directory.path("none")]) == nil)
    }

    @Test func aFileThatCannotBeReadIsAnErrorNamingIt() {
        let missing = directory.path("missing")
        do {
            _ = try StorePassword.read(file: missing, environment: [:])
            Issue.record("read a missing file")
        } catch {
            #expect(error.message.contains(missing) && error.message.contains("store.password_file"))
        }
    }
}
