import CLinuxSystem
import Glibc
import SystemPackage

/// What a worker process does to itself when it starts, so that it never outlives the
/// daemon and is the first thing the kernel kills when memory runs out.
package enum WorkerProcess {
    /// The executable of this very process, even if its file was replaced since (an
    /// upgrade): `/proc/self/exe` names the running image.
    package static let currentExecutable = "/proc/self/exe"

    /// Asks the kernel to kill this process when its parent dies, and to pick it before any
    /// other when the system or the service's cgroup runs out of memory. Returns false when
    /// the parent is already gone.
    package static func tieToParent() -> Bool {
        let parent = getppid()
        _ = tidings_set_parent_death_signal(SIGKILL)
        _ = try? FileSystem.writeExisting("/proc/self/oom_score_adj", Array("1000\n".utf8))
        return getppid() == parent
    }
}
