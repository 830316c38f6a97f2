import Glibc

/// Reading and writing `.kpi` scripts.
public enum ScriptFile {
    /// The first line of a saved session; names the format version.
    public static let header = "# kpi session · format 1"
    static let headerPrefix = "# kpi session · format "

    /// A script's text; an empty file is an empty script.
    public static func read(_ path: String) throws(FileProblem) -> String {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
            try file.checkText()
        } catch {
            switch error {
            case .file(.empty): return ""
            case .file(let problem): throw problem
            default: throw .unreadable(reason: "unexpected content")
            }
        }
        let start = file.hasUTF8BOM ? 3 : 0
        let bytes = UnsafeBufferPointer(start: file.bytes + start, count: file.count - start)
        if let bad = UTF8Check.firstInvalid(bytes.baseAddress!, bytes.count) {
            throw .notUTF8(line: bytes[..<bad].filter { $0 == 0x0A }.count + 1)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let version = formatVersion(of: text), version > currentFormat { throw .futureFormat(version) }
        return text
    }

    /// The format this kpi writes and reads.
    public static let currentFormat = 1

    /// The format named by a session's first line (`# kpi session · format N`), if it has one.
    static func formatVersion(of text: String) -> Int? {
        guard text.hasPrefix(headerPrefix) else { return nil }
        return Int(text.dropFirst(headerPrefix.count).prefix { $0.isNumber })
    }

    public struct WriteError: Error {
        public var reason: String
    }

    /// Writes `text` to a temporary file beside `path` and renames it into place,
    /// so a crash mid-write never leaves a half-written file.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        let temporary = path + ".tmp-" + String(getpid())
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(reason: reason)
        }
    }
}

/// "Did you mean" for file paths: the closest name in the same folder.
enum PathSuggestion {
    static func closest(to path: String) -> String? {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let names = FileListing.names(in: folder.isEmpty ? "." : folder).map(\.name)
        guard let match = Suggestion.closest(to: name, in: names) else { return nil }
        return folder.isEmpty ? match : folder + "/" + match
    }
}

/// Directory listings for path suggestions and completion.
public enum FileListing {
    public struct Entry: Sendable {
        public var name: String
        public var isDirectory: Bool
    }

    /// The entries of `folder` (hidden ones left out), sorted by name.
    public static func names(in folder: String) -> [Entry] {
        guard let handle = opendir(folder) else { return [] }
        defer { closedir(handle) }
        var entries: [Entry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasPrefix(".") { continue }
            var info = stat()
            let isDirectory = stat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            entries.append(Entry(name: name, isDirectory: isDirectory))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
