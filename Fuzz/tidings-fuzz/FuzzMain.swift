import Foundation
import TidingsFuzzTargets
#if FUZZING
import CLibFuzzer
#endif

/// `tidings-fuzz TARGET [libFuzzer options] [CORPUS…]` when built for fuzzing (see
/// `scripts/fuzz`); otherwise `tidings-fuzz TARGET FILE-OR-DIRECTORY…` replays inputs and
/// reports any broken invariant.
@main enum FuzzMain {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = FuzzTarget.named(arguments[1]) else {
            let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("usage: tidings-fuzz TARGET … (targets: \(names))\n".utf8))
            exit(2)
        }
        #if FUZZING
        selectedTarget = target
        // libFuzzer reads its options from argv; the target's name is ours, not its.
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup(arguments[0])] + arguments.dropFirst(2).map { strdup($0) } + [nil]
        var argc = CInt(arguments.count - 1)
        let status = argv.withUnsafeMutableBufferPointer { buffer in
            var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &pointer, fuzzOne)
        }
        exit(status)
        #else
        exit(replay(target, paths: Array(arguments.dropFirst(2))))
        #endif
    }


    /// Runs every file named (directories: every file in them); returns the exit status.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        var broken = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            do { try target.run(Array(data)) } catch {
                broken += 1
                print("\(file): \(error)")
            }
        }
        print("\(target.name): \(files.count) inputs replayed, \(broken) broke an invariant")
        return broken == 0 ? 0 : 1
    }
}

#if FUZZING
/// The target libFuzzer drives; set once, before the driver starts.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

/// libFuzzer's callback: a broken invariant is a crash, so libFuzzer keeps the input.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    do { try selectedTarget?.run(bytes) } catch { fatalError("invariant broken: \(error)") }
    return 0
}
#endif
