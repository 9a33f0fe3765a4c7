import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Copies committed pages from the write-ahead log into the store on a connection and a
/// thread of its own, so that commits never wait for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: it
/// copies them and fsyncs the store file before that commit returns, which made every
/// few-dozenth batch of the daemon tens of milliseconds late. The writer turns it off
/// (`wal_autocheckpoint = 0`) and asks this one after each commit instead. A PASSIVE
/// checkpoint takes no lock a writer or reader waits on; one that fails loses nothing
/// (the pages stay in the log) and the next request tries again.
///
/// SQLite starts the log over only when a write begins after every frame was copied, which
/// never happens while commits follow each other faster than checkpoints (the log reached
/// 567 MB during a 20k-file ingest). So once the log passes ``rewindBytes`` the writer
/// waits for the checkpoint in flight and runs a TRUNCATE checkpoint itself: by then almost
/// every frame is copied, so it is short, and the log starts over empty.
///
/// How much the log holds is the frame count SQLite hands its WAL hook after each of the
/// writer's commits, not the log file's size: once a checkpoint has copied every frame,
/// SQLite writes the next commit from the file's start and the file keeps its size. Judged
/// by size, a checkpoint (and an fsync of the store file) followed nearly every commit of a
/// daemon at 200 files/s — 6,173 in 15 s, beside the commits' own fsyncs.
final class WALCheckpointer: Sendable {
    /// The log is checkpointed once it holds this much.
    static let thresholdBytes: Int64 = 4 << 20
    /// The log is rewound by the writer once it holds this much.
    static let rewindBytes: Int64 = 16 << 20

    private let connection: DatabaseQueue
    /// Frames in the log after the writer's last commit (``watch(_:)``).
    private let loggedFrames = Atomic<Int>(0)
    /// The bytes one frame takes: a page and its 24-byte header.
    private let frameBytes: Int64
    /// The checkpoints' own thread: one checkpoint at a time, in order.
    private let thread = DispatchQueue(label: "tidings.checkpoint")
    /// Whether a checkpoint is queued and has not started yet: one queued is enough.
    private let scheduled = Mutex(false)

    init(path: String, busyTimeout: TimeInterval) throws {
        var configuration = Configuration()
        configuration.label = "tidings-checkpoint"
        configuration.busyMode = .timeout(busyTimeout)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        frameBytes = (try connection.read { try Int64.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096) + 24
    }

    /// Has `writer`'s connection report the log's frame count after each commit. SQLite's
    /// own automatic checkpoint uses the same hook, so `wal_autocheckpoint = 0` must come
    /// first (it would remove this one). The hook holds this object unretained: the store
    /// keeps it for as long as its writer can commit.
    func watch(_ writer: DatabasePool) throws {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try writer.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(db.sqliteConnection, { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().loggedFrames.store(Int(frames), ordering: .relaxed)
                return SQLITE_OK
            }, context)
        }
    }

    /// Called by the writer after each commit: schedules a checkpoint once the log has grown
    /// past the threshold, and rewinds it past ``rewindBytes``.
    func afterCommit(writer: DatabasePool) {
        let size = Int64(loggedFrames.load(ordering: .relaxed)) * frameBytes
        guard size >= Self.thresholdBytes else { return }
        guard size < Self.rewindBytes else {
            drain()
            // Its row's first column is 1 when a reader kept it from finishing. Once it
            // finished the log is empty, and no commit will say so before the next one.
            let busy = try? writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            if busy == 0 { loggedFrames.store(0, ordering: .relaxed) }
            return
        }
        let alreadyScheduled = scheduled.withLock { scheduled in
            defer { scheduled = true }
            return scheduled
        }
        guard !alreadyScheduled else { return }
        thread.async { [self] in
            scheduled.withLock { $0 = false }
            _ = try? connection.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
    }

    /// Waits until a checkpoint already scheduled has run.
    func drain() { thread.sync {} }

    /// Waits for a pending checkpoint, then closes the connection.
    func close() throws {
        drain()
        try connection.close()
    }
}
