import Glibc

/// Where a file's bytes split into chunks for parallel parsing: at line ends, about four
/// chunks per core for anything over 1 MiB (so a slow chunk does not hold up a core).
enum LineChunks {
    static func boundaries(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [Int] {
        let size = end - start
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let count = size < 1 << 20 ? 1 : min(cores * 4, max(1, size / (1 << 18)))
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
