import CLinuxSystem
import Glibc
import Synchronization
import SystemPackage

/// A child process started with `posix_spawn`, its standard input and output connected to
/// pipes the parent holds, and what the parent can learn of it while it runs: its CPU time
/// and its resident memory. Standard error is the parent's.
///
/// The child inherits only the three descriptors it is given.
package final class ChildProcess: Sendable {
    package let processID: pid_t
    /// Writes to the child's standard input.
    package let input: FileDescriptor
    /// Reads from the child's standard output.
    package let output: FileDescriptor
    /// The wait status, once the child has been waited for.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` (not including the program name) and this
    /// process's environment, changed by `environment` (a nil value removes a variable).
    package init(executable: String, arguments: [String], environment changes: [String: String?] = [:]) throws(SystemCallError) {
        let (childInput, parentInput) = try Pipe.closedOnExec()
        let (parentOutput, childOutput): (FileDescriptor, FileDescriptor)
        do { (parentOutput, childOutput) = try Pipe.closedOnExec() } catch {
            try? childInput.close()
            try? parentInput.close()
            throw error
        }
        defer {
            try? childInput.close()
            try? childOutput.close()
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childInput.rawValue, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, childOutput.rawValue, STDOUT_FILENO)
        // Descriptors opened elsewhere without close-on-exec (Foundation's, a test's) must
        // not leak into the child: a writer's descriptor held there would keep the file
        // open for writing in the inbox's eyes.
        tidings_spawn_close_from(&actions, 3)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var variables = ProcessEnvironment.current
        for (name, value) in changes { variables[name] = value }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in envp { free(variable) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            try? parentInput.close()
            try? parentOutput.close()
            throw SystemCallError(call: "posix_spawn", path: executable, errno: Errno(rawValue: result))
        }
        processID = pid
        input = parentInput
        output = parentOutput
    }

    deinit {
        try? input.close()
        try? output.close()
        if reaped.withLock({ $0 }) == nil {
            kill()
            _ = waitForExit()
        }
    }

    /// CPU time the child has used so far (user and system), or nil once it has exited.
    package var cpuTime: Duration? {
        var clock = clockid_t()
        guard clock_getcpuclockid(processID, &clock) == 0 else { return nil }
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return nil }
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// The child's resident memory in bytes (`/proc/PID/statm`), or nil once it has exited.
    package var residentBytes: Int? {
        guard let statm = try? FileSystem.contents(of: "/proc/\(processID)/statm") else { return nil }
        let fields = statm.split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Sends SIGKILL; harmless once the child is gone.
    package func kill() {
        guard reaped.withLock({ $0 }) == nil else { return }
        _ = Glibc.kill(processID, SIGKILL)
    }

    /// Waits for the child to end and returns its wait status (see ``signal(inStatus:)``).
    package func waitForExit() -> Int32 {
        if let status = reaped.withLock({ $0 }) { return status }
        var status: Int32 = 0
        while waitpid(processID, &status, 0) == -1 && errno == EINTR {}
        reaped.withLock { $0 = status }
        return status
    }

    /// The signal that ended a child, from its wait status; nil when it exited normally.
    package static func signal(inStatus status: Int32) -> Int32? {
        let signal = status & 0x7F
        return signal != 0 && signal != 0x7F ? signal : nil
    }

    /// The exit code of a child that exited normally, from its wait status.
    package static func exitCode(inStatus status: Int32) -> Int32? {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }
}
