import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One connection to PostgreSQL, used synchronously: the store's callers are the daemon's
/// writer thread and the command line, which block anyway, so each call waits for
/// postgres-nio's future on the calling thread (never on an event loop, where waiting
/// would deadlock). Calls are serialised: a transaction's statements never interleave with
/// another caller's.
final class PostgreSQLConnection: Sendable {
    private let connection: Mutex<PostgresConnection>
    private let logger: Logger

    /// postgres-nio's shared event loops: one thread serves every connection of the process.
    private static var eventLoops: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    init(_ address: PostgreSQLAddress, password: String?, applicationName: String) throws(StoreError) {
        logger = Logger(label: "tidings.postgresql")
        var configuration: PostgresConnection.Configuration
        switch address.endpoint {
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            if address.requiresTLS {
                do {
                    tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                } catch {
                    throw StoreError(.cannotOpen, "cannot set up TLS for \(address)", cause: error)
                }
            } else {
                tls = .disable
            }
            configuration = .init(host: host, port: port, username: address.user, password: password, database: address.database, tls: tls)
        case .socket(let directory, let port):
            configuration = .init(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: address.user, password: password, database: address.database)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        do {
            let opened = try PostgresConnection.connect(
                on: Self.eventLoops.next(), configuration: configuration, id: 1, logger: Logger(label: "tidings.postgresql")
            ).wait()
            connection = Mutex(opened)
        } catch {
            throw StoreError(classifyingPostgreSQL: error, doing: "connecting to \(address)")
        }
    }

    /// Every row of `query`.
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try connection.withLock { connection in try Self.rows(query, on: connection, logger: logger) }
    }

    /// Runs `query` for what it does.
    func execute(_ query: PostgresQuery) throws {
        _ = try rows(query)
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it
    /// throws. The connection is the caller's alone until then.
    func transaction<Result>(_ body: (Transaction) throws -> Result) throws -> Result {
        try connection.withLock { connection in
            let transaction = Transaction(connection: connection, logger: logger)
            try Self.rows("BEGIN", on: connection, logger: logger)
            do {
                let result = try body(transaction)
                try Self.rows("COMMIT", on: connection, logger: logger)
                return result
            } catch {
                _ = try? Self.rows("ROLLBACK", on: connection, logger: logger)
                throw error
            }
        }
    }

    /// Streams the rows of `query` to `body` one at a time, inside a transaction with a
    /// cursor, so that memory does not grow with the result.
    func forEachRow(_ query: PostgresQuery, batch: Int = 512, _ body: (PostgresRow) throws -> Void) throws {
        try transaction { transaction in
            try transaction.execute(PostgresQuery(unsafeSQL: "DECLARE tidings_rows NO SCROLL CURSOR FOR " + query.sql, binds: query.binds))
            while true {
                let rows = try transaction.rows(PostgresQuery(unsafeSQL: "FETCH FORWARD \(batch) FROM tidings_rows"))
                for row in rows { try body(row) }
                if rows.count < batch { break }
            }
        }
    }

    /// Closes the connection; closing a closed one does nothing.
    func close() {
        connection.withLock { connection in
            if !connection.isClosed { _ = try? connection.close().wait() }
        }
    }

    /// postgres-nio requires every connection closed before it goes away.
    deinit {
        close()
    }

    /// The longest one statement may take, waiting for the commit lock included, before
    /// the connection is given up as unreachable: a server that stops answering must not
    /// hold the writer thread for ever.
    static let statementDeadline: TimeAmount = .seconds(120)

    @discardableResult
    fileprivate static func rows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) throws -> [PostgresRow] {
        // A connection the server closed (a restart, a shutdown) does not always fail the
        // next query by itself.
        guard !connection.isClosed else {
            throw StoreError(.unreachable, "the connection to the PostgreSQL server was closed")
        }
        let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        connection.query(query, logger: logger).cascade(to: answer)
        let deadline = connection.eventLoop.scheduleTask(in: statementDeadline) {
            answer.fail(StoreError(.unreachable, "the PostgreSQL server did not answer within \(statementDeadline.nanoseconds / 1_000_000_000) s"))
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { deadline.cancel() }
        return Array(try answer.futureResult.wait().rows)
    }

    /// The statements of one transaction.
    struct Transaction {
        fileprivate let connection: PostgresConnection
        fileprivate let logger: Logger

        func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
            try PostgreSQLConnection.rows(query, on: connection, logger: logger)
        }

        func execute(_ query: PostgresQuery) throws {
            try PostgreSQLConnection.rows(query, on: connection, logger: logger)
        }
    }
}
