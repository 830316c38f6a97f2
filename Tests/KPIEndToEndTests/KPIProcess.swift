import Foundation

/// Runs the real `kpi` binary, as a user's shell would.
enum KPIProcess {
    /// The binary under test: `KPI_BIN` (set by `make test`), else the debug build. It must
    /// exist and be newer than every source file, so no test ever runs a stale kpi.
    static func binary() throws -> String {
        switch checkedBinary {
        case .success(let path): return path
        case .failure(let problem): throw problem
        }
    }

    /// Why the binary cannot be used, told once per test that needs it.
    struct BinaryProblem: Error, CustomStringConvertible {
        var description: String
    }

    private static let checkedBinary: Swift.Result<String, BinaryProblem> = {
        let fromEnvironment = ProcessInfo.processInfo.environment["KPI_BIN"].flatMap { $0.isEmpty ? nil : $0 }
        let path = fromEnvironment ?? packageRoot + "/.build/debug/kpi"
        let origin = fromEnvironment == nil ? "the debug build \(path) (KPI_BIN is not set)" : "KPI_BIN=\(path)"
        let build = fromEnvironment == nil ? "run `swift build` first (or `make test`, which builds it)"
                                           : "run `make test`, which builds it"
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(BinaryProblem(description: "\(origin) does not exist; \(build)"))
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return .failure(BinaryProblem(description: "\(origin) is not an executable file; \(build)"))
        }
        guard let built = modified(path) else { return .failure(BinaryProblem(description: "cannot read the date of \(origin)")) }
        let sources = packageRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
        let newest = files.filter { [".swift", ".h", ".c", ".modulemap"].contains(where: $0.hasSuffix) }
            .compactMap { file in modified(sources + "/" + file).map { (file, $0) } }
            .max { $0.1 < $1.1 }
        guard let newest else { return .failure(BinaryProblem(description: "no sources found under \(sources)")) }
        guard built >= newest.1 else {
            return .failure(BinaryProblem(description: "\(origin) is older than Sources/\(newest.0); "
                                          + "\(build), so the tests run the code as it is"))
        }
        return .success(path)
    }()

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func fixture(_ name: String) -> String {
        packageRoot + "/Tests/KPICoreTests/Fixtures/" + name
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A fresh folder for state (journal, history) and files a test writes; throws when it cannot be made.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "kpi-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs kpi with `arguments`, feeding `input` on standard input (a pipe, not a terminal).
    static func run(_ arguments: [String], input: String = "", in folder: String? = nil, state: String? = nil,
                    home: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        let stateFolder = try state ?? temporaryFolder()
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = stateFolder
        environment["KPI_HISTORY"] = stateFolder + "/history"
        environment.removeValue(forKey: "NO_COLOR")
        if let home { environment["HOME"] = home }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder ?? packageRoot)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}
