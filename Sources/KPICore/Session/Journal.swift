import Glibc

/// Appends every statement that runs to a file in the state directory, written
/// straight through to the kernel, so a crash or a killed terminal loses nothing.
///
/// The journal is itself a replayable script: statements that failed are kept
/// as `#! ` comment lines, so replaying it rebuilds exactly what the session had.
public final class Journal {
    public let path: String
    private var descriptor: Int32 = -1
    private static let kept = 100

    /// Names a new journal in `directory`; the file is created on the first append.
    public init(directory: String = StatePaths.journalDirectory) {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let stamp = String(parts.tm_year + 1900) + Self.pad(parts.tm_mon + 1) + Self.pad(parts.tm_mday) + "-"
            + Self.pad(parts.tm_hour) + Self.pad(parts.tm_min) + Self.pad(parts.tm_sec)
        path = directory + "/" + stamp + "-" + String(getpid()) + ".kpi"
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Records a statement; failures to write are ignored (the session goes on).
    public func append(_ text: String, succeeded: Bool) {
        if descriptor < 0, !open() { return }
        let text = Secrets.redacted(text)
        let body = succeeded ? text : text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "#! " + $0 }.joined(separator: "\n")
        let line = body + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
    }

    private func open() -> Bool {
        let directory = String(path[..<path.lastIndex(of: "/")!])
        guard StatePaths.makeDirectories(directory, mode: 0o700) else { return false }
        Self.prune(directory)
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        let header = "# kpi journal · started in \(currentDirectory())\n"
        _ = header.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        return true
    }

    /// Keeps the newest journals (names sort by time), deleting older ones.
    private static func prune(_ directory: String) {
        guard let handle = opendir(directory) else { return }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasSuffix(".kpi") { names.append(name) }
        }
        closedir(handle)
        for name in names.sorted().dropLast(kept - 1) { unlink(directory + "/" + name) }
    }

    private func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "?" }
        defer { free(path) }
        return String(cString: path)
    }

    private static func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
