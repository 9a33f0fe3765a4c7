import PostgresNIO

extension StoreError {
    /// Classifies what PostgreSQL (or the way to it) reported while `doing` something, with
    /// the codes the SQLite store uses, so the daemon treats both alike: a server that is
    /// down or restarting is waited out (``Code/unreachable``), a full disk too, a
    /// serialisation failure is retried (``Code/busy``), damage stops the daemon.
    init(classifyingPostgreSQL error: any Error, doing: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? PSQLError else {
            // NIO's own errors (refused, reset, timed out) come from the way to the server.
            self.init(.unreachable, "the PostgreSQL server cannot be reached while \(doing)", cause: error)
            return
        }
        let server = error.serverInfo
        let state = server?[.sqlState] ?? ""
        let said = server.map { info in
            [info[.message], info[.detail].map { "detail: \($0)" }, info[.hint].map { "hint: \($0)" }]
                .compactMap { $0 }.joined(separator: "; ")
        }
        let cause = said.map { "PostgreSQL \(state): \($0)" } ?? Self.clientSide(error)
        switch (error.code, state) {
        case (.server, "53100"):
            self.init(.diskFull, "the disk of the PostgreSQL server is full while \(doing); free space there", describedCause: cause)
        case (.server, let state) where state.hasPrefix("08") || state.hasPrefix("57P"):
            // Connection exceptions; admin shutdown, crash shutdown, cannot connect now.
            self.init(.unreachable, "the PostgreSQL server went away while \(doing)", describedCause: cause)
        case (.server, "40001"), (.server, "40P01"), (.server, "55P03"):
            self.init(.busy, "a conflicting transaction on the PostgreSQL store while \(doing)", describedCause: cause)
        case (.server, "28000"), (.server, "28P01"), (.server, "3D000"), (.server, "42501"):
            self.init(.cannotOpen, "PostgreSQL refused \(doing); check the store URL's user and database, the password file, and the user's privileges", describedCause: cause)
        case (.server, "XX001"), (.server, "XX002"):
            self.init(.corrupt, "PostgreSQL reports damaged data while \(doing); its administrator must look at the server's log", describedCause: cause)
        case (.server, _):
            self.init(.database, "\(doing) failed on the PostgreSQL store", describedCause: cause)
        case (.authMechanismRequiresPassword, _):
            self.init(.cannotOpen, "PostgreSQL asks for a password while \(doing): name a file holding it with store.password_file (or systemd's LoadCredential=)", describedCause: cause)
        case (.connectionError, _), (.serverClosedConnection, _), (.clientClosedConnection, _), (.uncleanShutdown, _), (.queryCancelled, _):
            self.init(.unreachable, "the PostgreSQL server cannot be reached while \(doing)", describedCause: cause)
        default:
            self.init(.database, "\(doing) failed on the PostgreSQL store", describedCause: cause)
        }
    }

    /// What went wrong on our side of the connection, without the query's values (they may
    /// hold article text).
    private static func clientSide(_ error: PSQLError) -> String {
        let underlying = error.underlying.map { ": \($0)" } ?? ""
        return "\(error.code)\(underlying)"
    }
}
