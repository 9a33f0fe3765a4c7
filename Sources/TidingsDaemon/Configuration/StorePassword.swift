import Foundation
import TidingsStore

/// The PostgreSQL user's password, read from a file of its own so that it never appears on
/// a command line, in the environment or in the configuration: `store.password_file`, or
/// the credential systemd passes with `LoadCredential=store-password:/etc/tidings/…`
/// (readable by the service alone, in `$CREDENTIALS_DIRECTORY`).
enum StorePassword {
    /// The credential's name in `$CREDENTIALS_DIRECTORY`.
    static let credentialName = "store-password"

    /// The password, without the file's final newline; nil when none is configured.
    static func read(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> String? {
        var path = file
        if path.isEmpty, let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty {
            let credential = credentials + "/" + credentialName
            guard FileManager.default.fileExists(atPath: credential) else { return nil }
            path = credential
        }
        guard !path.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: path), var password = String(data: data, encoding: .utf8) else {
            throw StoreError(.cannotOpen, "cannot read the store's password from \(path) (store.password_file); check that it exists and that the daemon's user may read it")
        }
        while password.last?.isNewline == true { password.removeLast() }
        return password
    }
}
