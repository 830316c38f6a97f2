import Dispatch
import Glibc

/// Where a file's bytes split into chunks for parallel parsing: at line ends, about four
/// chunks per core for anything over 1 MiB (so a slow chunk does not hold up a core), and
/// none over 8 MiB: the pages of the chunks parsed can be let go while the rest are parsed
/// (`release`), and the last chunk keeps one core waiting for little (with 32 MiB, 100 ms
/// of a 10M-row load ran on one core).
enum LineChunks {
    private static let largest = 8 << 20

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

extension LineChunks {
    /// Where each chunk's rows go in the columns, from the line ends in the chunks before it.
    ///
    /// A row takes at least one line end, except a last line written without one, so
    /// `capacity` (all line ends, plus one) holds every row, and chunk `k` has room for its
    /// own from `firstRows[k]`, however many quoted line breaks or blank lines came before.
    struct Layout {
        var boundaries: [Int]
        var firstRows: [Int]
        var capacity: Int

        /// Rows chunk `k` can hold from its first row.
        func room(_ k: Int) -> Int { (k + 1 < firstRows.count ? firstRows[k + 1] : capacity) - firstRows[k] }
    }

    /// Whether a file of `bytes` keeps its counted pages for the parse (`layout`): a CSV
    /// file up to an eighth of the machine's memory, where the time saved matters more than
    /// the peak. A larger one (100M rows, 5.9 GB) lets them go, so its peak is its columns,
    /// about half its size. JSON Lines repeats every key on every line, six times its
    /// columns' size: it always lets them go.
    static func keepsPages(bytes: Int) -> Bool {
        let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        return memory <= 0 || bytes <= memory / 8
    }

    /// Counts the line ends of every chunk in parallel. Once `cancellation` is set the rest
    /// is skipped: the parse that follows stops at its first row.
    ///
    /// With `keepingPages`, the counted pages stay mapped for the parse, which lets each go
    /// once parsed: while the columns fill, the file empties, so the peak is about the file
    /// itself (for the benchmark CSV 59 bytes a row, its columns 31), and the pages are
    /// faulted in once instead of twice (5–10% of a 10M-row load). See `keepsPages`.
    static func layout(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, keepingPages: Bool,
                       cancellation: CancellationFlag?) -> Layout {
        let boundaries = self.boundaries(base, from: start, to: end)
        let count = boundaries.count - 1
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        defer { counts.deallocate() }
        nonisolated(unsafe) let (output, bytes) = (counts, base)
        DispatchQueue.concurrentPerform(iterations: count) { k in
            guard cancellation?.isCancelled != true else { return output[k] = 0 }
            output[k] = lineEnds(bytes, from: boundaries[k], to: boundaries[k + 1])
            if !keepingPages { release(bytes, from: boundaries[k], to: boundaries[k + 1]) }
        }
        var firstRows: [Int] = [], total = 0
        for k in 0..<count {
            firstRows.append(total)
            total += counts[k]
        }
        return Layout(boundaries: boundaries, firstRows: firstRows, capacity: total + 1)
    }

    /// The `\n` bytes in `start..<end`, 32 at a time: written by hand because it reads
    /// every byte of the file before the parse does (10 GB/s on one core, against 0.5 GB/s
    /// for a byte loop, which Swift does not vectorize).
    static func lineEnds(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        var count = 0, i = start
        while i + 32 <= end {
            let a = newlineBits(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let b = newlineBits(raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            let c = newlineBits(raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            let d = newlineBits(raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            // Each has bits only at 0x80 in a byte: shifted, the four never overlap.
            count += (a | b >> 1 | c >> 2 | d >> 3).nonzeroBitCount
            i += 32
        }
        while i < end {
            if base[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// 0x80 in exactly the bytes of `word` that are `\n` (no borrow between bytes).
    @inline(__always)
    private static func newlineBits(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
        return ~(((x & low7) &+ low7) | x | low7)
    }
}
