import Glibc

/// Where statements find the files they name, and what `--safe` lets them read.
struct FilePolicy {
    /// `--safe`: no writing files, no reading outside the running script's folder and
    /// the current directory.
    var safeMode = false
    /// Folders of the scripts being run, innermost last: relative paths that are
    /// not found in the current directory are looked up next to the script.
    var scriptFolders: [String] = []

    /// A path as the user wrote it, made usable: `~` expanded; a relative path
    /// missing from the current directory is tried next to the running script.
    func resolve(_ path: String) -> String {
        let path = Self.expandingHome(path)
        guard !path.hasPrefix("/"), access(path, F_OK) != 0, let folder = scriptFolders.last else { return path }
        let beside = folder + "/" + path
        return access(beside, F_OK) == 0 ? beside : path
    }

    /// A path to write to: `~` expanded, relative to the current directory.
    func resolveForWriting(_ path: String) -> String { Self.expandingHome(path) }

    /// Under `--safe`, a file may only be read from the current directory or the folder of
    /// a script being run. Both sides are real paths (links followed, `..` resolved), so a
    /// link inside an allowed folder cannot reach outside it.
    func checkRead(_ path: Located<String>) throws(KPIError) {
        guard safeMode else { return }
        let allowed = ([Self.currentDirectory()] + scriptFolders).map { Self.real($0) ?? Self.absolute($0) }
        let target = Self.realTarget(resolve(path.value))
        guard allowed.contains(where: { target.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw .refusedUnderSafe(action: "reading \(path.value)", rule: "may read only its own folder and the current directory",
                                    at: path.range)
        }
    }

    /// The folder a file is in (`.` for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The real path (`realpath(3)`: links followed, `.` and `..` resolved), nil when it does not exist.
    static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path of a file that may not exist: its real folder and its name, so that
    /// the check does not depend on whether the file is there.
    static func realTarget(_ path: String) -> String {
        if let real = real(path) { return real }
        let full = absolute(path)
        let folder = Self.folder(of: full), name = String(full[full.index(after: full.lastIndex(of: "/")!)...])
        let base = real(folder) ?? absolute(folder)
        return (base == "/" ? "" : base) + "/" + name
    }

    static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }

    /// The path made absolute, with `.` and `..` resolved (without following links).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory() + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = StatePaths.environment("HOME") else { return path }
        return home + path.dropFirst()
    }
}
