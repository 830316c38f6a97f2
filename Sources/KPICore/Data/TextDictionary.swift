/// Interns byte strings to dense integer codes: the dictionary encoding of text columns.
///
/// Hand-written open addressing over a byte arena because it runs once per text
/// field while loading; a `[String: Int32]` would allocate a `String` per field.
struct TextDictionary {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { starts.count }

    /// The hash takes eight bytes at a time (little-endian words, the last one padded with
    /// zeros and always taken, even empty), so a reader can hash a field while it scans it
    /// a word at a time (`DelimitedReader.plainText`): one multiply per word instead of one
    /// per byte, whose chain of multiplies was most of the cost of a short text field.
    static let hashStart: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The next word of a field, or its last (`length` below 8 bytes) zero-padded.
    @inline(__always)
    static func hash(_ h: UInt64, word: UInt64) -> UInt64 {
        let x = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        return x << 31 | x >> 33
    }

    /// The hash of a field of `length` bytes whose words were all taken.
    @inline(__always)
    static func hashEnd(_ h: UInt64, length: Int) -> UInt64 {
        var x = h ^ UInt64(truncatingIfNeeded: length)
        x ^= x >> 32
        x &*= 0xD6E8_FEB8_6659_FD93
        return x ^ x >> 32
    }

    /// The low `count` (below 8) bytes of `word`, the rest zero.
    @inline(__always)
    static func lowBytes(_ word: UInt64, _ count: Int) -> UInt64 {
        count == 0 ? 0 : word & (UInt64.max >> (64 &- count &<< 3))
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h = hashStart, i = 0
        while i &+ 8 <= n {
            h = hash(h, word: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            i &+= 8
        }
        return hashEnd(hash(h, word: lastWord(p + i, n &- i)), length: n)
    }

    /// The `count` (below 8) bytes at `p` as a zero-padded little-endian word, byte by byte:
    /// the end of a field at the end of the data, where a word cannot be loaded.
    @inline(__always)
    static func lastWord(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var word: UInt64 = 0
        for j in 0..<count { word |= UInt64(p[j]) &<< (UInt64(j) &<< 3) }
        return word
    }

    /// The code for these bytes, adding them when new.
    @inline(__always)
    mutating func code(for p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        code(for: p, n, hash: Self.hash(p, n))
    }

    /// The code for these bytes, whose `hash` the caller computed.
    @inline(__always)
    mutating func code(for p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let code = slots[slot]
            if code < 0 { break }
            if hashes[Int(code)] == h, Int(lengths[Int(code)]) == n, equals(Int(code), p, n) { return code }
            slot = (slot + 1) & mask
        }
        let code = Int32(starts.count)
        starts.append(arena.count)
        lengths.append(Int32(n))
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        slots[slot] = code
        if starts.count * 2 > slots.count { grow() }
        return code
    }

    @inline(__always)
    private func equals(_ code: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        arena.withUnsafeBufferPointer { buffer in
            let start = starts[code]
            for i in 0..<n where buffer[start + i] != p[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for code in 0..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code)
        }
    }

    /// Calls `body` with the bytes of `code`.
    func withBytes<R>(of code: Int, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        arena.withUnsafeBufferPointer { buffer in
            body(buffer.baseAddress! + starts[code], Int(lengths[code]))
        }
    }

    /// Every entry as a `String`, or the first code whose bytes are not UTF-8.
    func strings() -> Result<[String], InvalidEntry> {
        var result: [String] = []
        result.reserveCapacity(count)
        for code in 0..<count {
            let string = withBytes(of: code) { p, n in
                String(validating: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            }
            guard let string else { return .failure(InvalidEntry(code: code)) }
            result.append(string)
        }
        return .success(result)
    }

    struct InvalidEntry: Error {
        var code: Int
    }
}
