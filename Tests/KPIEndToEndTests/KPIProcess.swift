import Foundation

/// Runs the real `kpi` binary, as a user's shell would.
enum KPIProcess {
    /// The binary under test: `KPI_BIN` (set by `make test`), else the debug build.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["KPI_BIN"], !path.isEmpty { return path }
        return packageRoot + "/.build/debug/kpi"
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

    /// A fresh folder for state (journal, history) and files a test writes.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "kpi-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs kpi with `arguments`, feeding `input` on standard input (a pipe, not a terminal).
    static func run(_ arguments: [String], input: String = "", in folder: String? = nil, state: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let stateFolder = state ?? temporaryFolder()
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = stateFolder
        environment["KPI_HISTORY"] = stateFolder + "/history"
        environment.removeValue(forKey: "NO_COLOR")
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
