import Glibc

/// Where a file's bytes split into chunks for parallel parsing: at line ends, about four
/// chunks per core for anything over 1 MiB (so a slow chunk does not hold up a core), and
/// none over 32 MiB, so that the pages of the chunks parsed can be let go while the rest
/// are parsed (`release`).
enum LineChunks {
    private static let largest = 32 << 20

    static func boundaries(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [Int] {
        let size = end - start
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let count = size < 1 << 20 ? 1 : max(min(cores * 4, max(1, size / (1 << 18))), (size + largest - 1) / largest)
        var boundaries = [start]
        for k in 1..<max(1, count) {
            var position = start + size / count * k
            while position < end, base[position - 1] != 0x0A { position += 1 }
            if position > boundaries.last!, position < end { boundaries.append(position) }
        }
        boundaries.append(end)
        return boundaries
    }
}

extension LineChunks {
    /// Drops the whole pages of a parsed chunk from the process's memory: the file stays in
    /// the page cache, and a re-read (a widened type) faults them back in. Without this, a
    /// large file's pages and its columns would be resident together at the peak.
    static func release(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let address = Int(bitPattern: base)
        let first = (address + start + page - 1) / page * page, last = (address + end) / page * page
        guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        madvise(pointer, last - first, MADV_DONTNEED)
    }
}
