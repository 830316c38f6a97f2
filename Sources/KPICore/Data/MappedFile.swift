import Dispatch
import Glibc

/// A file's bytes mapped read-only into memory, so parsing reads them in place
/// without copying a 60 MB export into an array first.
final class MappedFile {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    private var mapping: UnsafeMutableRawPointer?

    /// Opens `path`, refusing directories, empty and unreadable files with the reason.
    init(path: String) throws(LoadFailure) {
        // O_NONBLOCK: a FIFO without a writer must not hang the shell; it is refused below.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .file(.notFound(suggestion: nil)) }
            if code == EISDIR { throw .file(.isDirectory) }
            throw .file(.unreadable(reason: String(cString: strerror(code))))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .file(.unreadable(reason: String(cString: strerror(errno))))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .file(.isDirectory) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .file(.unreadable(reason: "not a regular file (a pipe or a device); save the data to a file first"))
        }
        count = Int(info.st_size)
        guard count > 0 else { throw .file(.empty) }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw .file(.unreadable(reason: String(cString: strerror(errno))))
        }
        madvise(mapped, count, MADV_SEQUENTIAL | MADV_WILLNEED)
        mapping = mapped
        bytes = UnsafePointer(mapped.assumingMemoryBound(to: UInt8.self))
    }

    deinit {
        unmap()
    }

    /// Releases the mapping early; `bytes` must not be read afterwards.
    ///
    /// A large file's mapping is released on another thread: after a cancelled load most of
    /// a CSV file's pages are still mapped (they stay from the line count to the parse), and
    /// unmapping 5.9 GB of them took 90–180 ms that Ctrl-C would otherwise wait for.
    func unmap() {
        guard let mapping else { return }
        self.mapping = nil
        if count >= 64 << 20 {
            nonisolated(unsafe) let address = mapping
            let length = count
            DispatchQueue.global(qos: .utility).async { munmap(address, length) }
        } else {
            munmap(mapping, count)
        }
    }

    var hasUTF8BOM: Bool { count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF }

    var hasUTF16BOM: Bool { count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) }

    /// Checks the first 64 KiB: a NUL byte means binary; a bad UTF-8 sequence
    /// means another encoding (with the line it is on).
    func checkText() throws(LoadFailure) {
        if hasUTF16BOM { throw .file(.utf16) }
        let limit = min(count, 1 << 16)
        for i in 0..<min(limit, 4096) where bytes[i] == 0 { throw .file(.binary) }
        if let bad = UTF8Check.firstInvalid(bytes, limit), bad < limit - 4 || limit == count {
            var line = 1
            for i in 0..<bad where bytes[i] == 0x0A { line += 1 }
            let controlBytes = (0..<min(limit, 512)).filter { bytes[$0] < 0x09 || (bytes[$0] > 0x0D && bytes[$0] < 0x20) }
            if controlBytes.count > 4 { throw .file(.binary) }
            throw .file(.notUTF8(line: line))
        }
    }
}

/// Finds the first byte that does not start a valid UTF-8 sequence.
enum UTF8Check {
    static func firstInvalid(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        var i = 0
        while i < count {
            let byte = p[i]
            if byte < 0x80 {
                i += 1
                continue
            }
            let length: Int
            if byte >= 0xC2 && byte <= 0xDF {
                length = 2
            } else if byte >= 0xE0 && byte <= 0xEF {
                length = 3
            } else if byte >= 0xF0 && byte <= 0xF4 {
                length = 4
            } else {
                return i
            }
            guard i + length <= count else { return i }
            for j in 1..<length where p[i + j] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
