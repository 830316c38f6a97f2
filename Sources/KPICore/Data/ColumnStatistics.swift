import Dispatch

/// What `describe` shows for one column.
public struct ColumnStatistics: Sendable {
    public var name: String
    public var header: String
    public var type: ColumnType
    public var isPercent: Bool
    public var currency: String?
    public var nulls: Int
    public var min: Value
    public var max: Value
    public var distinct: Int
    /// Up to three distinct values, in the order they first appear.
    public var examples: [Value]
    /// A text column of identifiers written as digits (`00123`, ids past 2^53), kept as
    /// text so that none is rounded or merged with another.
    public var holdsIdentifiers = false

    /// Statistics of every column, computed in parallel (one column per task).
    public static func of(_ table: Table) -> [ColumnStatistics] {
        let columns = table.columns
        let results = UnsafeMutableBufferPointer<ColumnStatistics?>.allocate(capacity: columns.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: columns.count) { index in
            output[index] = ColumnStatistics(columns[index])
        }
        return results.map { $0! }
    }

    init(_ column: Column) {
        name = column.name
        header = column.header
        type = column.type
        isPercent = column.isPercent
        currency = column.currency
        (nulls, min, max, distinct) = (0, .null, .null, 0)
        examples = []
        switch column.data {
        case .number(let values):
            switch values.storage {
            case .doubles(let doubles): summarize(doubles: doubles) { .number($0) }
            case .scaled(let units, let places):
                let power = NumberColumn.powers[places]
                summarize(integers: units, null: NumberColumn.nullUnits) { .number(Double($0) / power) }
            }
        case .datetime(let values): summarize(doubles: values) { .datetime($0) }
        case .date(let days): summarize(integers: days, null: ColumnData.nullDate) { .date(Int($0)) }
        case .text(let codes, let dictionary):
            summarize(codes: codes, dictionary: dictionary)
            holdsIdentifiers = dictionary.contains { entry in
                var utf8 = Array(entry.utf8)
                return utf8.withUnsafeMutableBufferPointer { FieldValueParser.isIdentifier($0.baseAddress!, $0.count) }
            }
        case .bool(let values): summarize(bools: values)
        case .null(let count): nulls = count
        }
        examples = Self.examples(column)
    }

    private mutating func summarize(doubles: [Double], wrap: (Double) -> Value) {
        var low = Double.infinity, high = -Double.infinity, nullCount = 0
        for value in doubles {
            if value.isNaN {
                nullCount += 1
                continue
            }
            if value < low { low = value }
            if value > high { high = value }
        }
        nulls = nullCount
        guard low <= high else { return }
        (min, max) = (wrap(low), wrap(high))
        if let count = Self.distinctScaled(doubles, low: low, high: high) {
            distinct = count
            return
        }
        var set = DistinctDoubles(capacity: Swift.min(doubles.count, 1 << 20))
        for value in doubles where !value.isNaN { set.insert(value) }
        distinct = set.count
    }

    /// Distinct values of a column of whole numbers or hundredths (prices), with a flag per
    /// step of their range (at most 2^24) instead of a hash set: 45 ms on 10M prices against
    /// 300 ms, whatever their cardinality. The scale is guessed from the first value that is
    /// not whole; each value is checked as it is counted (its step, divided back, must be the
    /// value exactly, so distinct steps are distinct values), and the first that fails gives
    /// nil, as does a range too wide: the hash set counts those columns.
    private static func distinctScaled(_ doubles: [Double], low: Double, high: Double) -> Int? {
        guard Swift.abs(low) < 1e15, Swift.abs(high) < 1e15 else { return nil }
        let fractional = doubles.first { !$0.isNaN && Double(Int64($0)) != $0 }
        let scale: Double = fractional == nil ? 1 : 100
        let base = step(low, scale: scale), steps = step(high, scale: scale) - base + 1
        guard steps <= 1 << 24 else { return nil }
        // A byte per step rather than a bit: setting a bit reads the word first, and a column
        // of a few values (counts of 0 to 40) sets the same word row after row, one read
        // waiting on the store before it; a byte store waits on nothing.
        var seen = [UInt8](repeating: 0, count: Int(steps))
        let exact = seen.withUnsafeMutableBufferPointer { seen in
            @inline(__always) func mark(_ scale: Double) -> Bool {
                for value in doubles where !value.isNaN {
                    let scaled = step(value, scale: scale)
                    guard Double(scaled) / scale == value else { return false }
                    seen[Int(scaled - base)] = 1
                }
                return true
            }
            // Whole numbers, the usual case, with the scale a constant: no division per value
            // (most of this loop's time when the scale is only known at run time).
            return scale == 1 ? mark(1) : mark(scale)
        }
        return exact ? seen.reduce(0) { $0 + Int($1) } : nil
    }

    /// `value * scale` to the nearest whole number (for |value| under 10^15), by conversion:
    /// `rounded()` is a call into libm on baseline x86-64, ten times the cost.
    @inline(__always)
    private static func step(_ value: Double, scale: Double) -> Int64 {
        let scaled = value * scale
        return Int64(scaled + (scaled < 0 ? -0.5 : 0.5))
    }

    /// Days, or numbers in units (`NumberColumn`): the range in one pass, and distinct values
    /// with a flag per step of it when it is at most 2^24 steps (a hash set beyond).
    private mutating func summarize(integers: [Int32], null: Int32, wrap: (Int32) -> Value) {
        var low = Int32.max, high = Int32.min, nullCount = 0
        for value in integers {
            if value == null {
                nullCount += 1
                continue
            }
            if value < low { low = value }
            if value > high { high = value }
        }
        nulls = nullCount
        guard low <= high else { return }
        (min, max) = (wrap(low), wrap(high))
        let steps = Int(high) - Int(low) + 1
        guard steps <= 1 << 24 else {
            var set = DistinctDoubles(capacity: Swift.min(integers.count, 1 << 20))
            for value in integers where value != null { set.insert(Double(value)) }
            distinct = set.count
            return
        }
        var seen = [UInt8](repeating: 0, count: steps)
        seen.withUnsafeMutableBufferPointer { seen in
            for value in integers where value != null { seen[Int(value) &- Int(low)] = 1 }
        }
        distinct = seen.reduce(0) { $0 + Int($1) }
    }

    private mutating func summarize(codes: TextCodes, dictionary: [String]) {
        var used = [Bool](repeating: false, count: dictionary.count)
        var nullCount = 0
        for code in codes {
            if code < 0 { nullCount += 1 } else { used[Int(code)] = true }
        }
        nulls = nullCount
        let present = dictionary.indices.filter { used[$0] }.map { dictionary[$0] }
        distinct = present.count
        if let low = present.min(), let high = present.max() { (min, max) = (.text(low), .text(high)) }
    }

    private mutating func summarize(bools: [UInt8]) {
        var counts = [0, 0, 0]
        for value in bools { counts[Int(value)] += 1 }
        nulls = counts[2]
        distinct = (counts[0] > 0 ? 1 : 0) + (counts[1] > 0 ? 1 : 0)
        if distinct > 0 {
            (min, max) = (.bool(counts[0] == 0), .bool(counts[1] > 0))
        }
    }

    private static func examples(_ column: Column) -> [Value] {
        var examples: [Value] = []
        var row = 0
        while row < column.data.count, examples.count < 3, row < 10_000 {
            let value = column.value(at: row)
            if value != .null, !examples.contains(value) { examples.append(value) }
            row += 1
        }
        return examples
    }
}

/// Counts distinct doubles by bit pattern: an open-addressing set, because
/// `Set<Double>` costs several times more per insert on million-row columns.
struct DistinctDoubles {
    private var slots: [UInt64]
    private var mask: Int
    /// Fibonacci hashing keeps the top bits of the product: the low bits of a
    /// double's pattern are often all zero (whole numbers), so they cannot index.
    private var shift: UInt64
    private(set) var count = 0
    private var hasZeroPattern = false
    private static let empty: UInt64 = 0

    init(capacity: Int) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: Self.empty, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(of bits: UInt64) -> Int {
        Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    mutating func insert(_ value: Double) {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        if bits == Self.empty {
            if !hasZeroPattern {
                hasZeroPattern = true
                count += 1
            }
            return
        }
        var slot = slot(of: bits)
        while true {
            let stored = slots[slot]
            if stored == bits { return }
            if stored == Self.empty { break }
            slot = (slot + 1) & mask
        }
        slots[slot] = bits
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: Self.empty, count: old.count * 2)
        mask = slots.count - 1
        shift -= 1
        for bits in old where bits != Self.empty {
            var slot = slot(of: bits)
            while slots[slot] != Self.empty { slot = (slot + 1) & mask }
            slots[slot] = bits
        }
    }
}
