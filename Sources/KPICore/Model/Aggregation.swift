import Dispatch

/// The aggregate kernels: one pass over a table's rows into per-period (and
/// per-group) accumulators, addressed by the rows' period slots.
///
/// Hand-written loops over unsafe buffers because they are the hot path of every
/// `show` on a large table (docs/DESIGN.md: an aggregate is one pass).
enum Aggregation {
    /// One table's part of a breakdown: each row's group, read through the column's own
    /// storage (a text column's codes, a bool column's flags) and a small table from what is
    /// stored to the group. A `by` on 10M rows used to write a 40 MB array of groups first,
    /// whose fresh pages cost more than the sums.
    struct Grouping {
        /// Per row, the key its group is looked up by, as the column stores it.
        var keys: Keys
        /// The group of each key; a row with the null key is in `nullGroup`.
        var groupOfKey: [Int32]
        var nullGroup: Int32
        /// Group labels in order (sorted), which groups index; rows without a value are
        /// the last group, labelled `none`.
        var labels: [String]

        /// A column's keys in their own width, with the one that marks a row without a value.
        enum Keys {
            case bytes([UInt8], null: UInt8)
            case shorts([UInt16])
            case words([Int32])
        }

        /// The label of the rows without a value.
        static let none = "(none)"

        /// Calls `body` with the rows' groups as a type the kernels are specialised for.
        func withGroups<Body: GroupsBody>(_ body: Body) -> Body.Result {
            groupOfKey.withUnsafeBufferPointer { groups in
                switch keys {
                case .bytes(let keys, let null):
                    keys.withUnsafeBufferPointer { body(KeyedGroups(keys: $0, groups: groups, nullKey: null, nullGroup: nullGroup)) }
                case .shorts(let keys):
                    keys.withUnsafeBufferPointer { body(KeyedGroups(keys: $0, groups: groups, nullKey: .max, nullGroup: nullGroup)) }
                case .words(let keys):
                    keys.withUnsafeBufferPointer {
                        body(KeyedGroups(keys: $0, groups: groups, nullKey: ColumnData.nullCode, nullGroup: nullGroup))
                    }
                }
            }
        }
    }

    /// Each row's group (-1: in none), for a kernel specialised on how it is found (its
    /// type crosses to the cores a sum runs on).
    protocol RowGroups: SendableMetatype {
        func group(ofRow row: Int) -> Int
    }

    /// A kernel that takes the rows' groups: a closure cannot be generic, a method can.
    protocol GroupsBody {
        associatedtype Result
        func callAsFunction<Groups: RowGroups>(_ groups: Groups) -> Result
    }

    /// No breakdown: every row in group 0.
    struct Ungrouped: RowGroups {
        @inline(__always)
        func group(ofRow row: Int) -> Int { 0 }
    }

    /// Groups looked up by each row's key.
    struct KeyedGroups<Key: FixedWidthInteger>: RowGroups {
        let keys: UnsafeBufferPointer<Key>
        let groups: UnsafeBufferPointer<Int32>
        let nullKey: Key
        let nullGroup: Int32

        @inline(__always)
        func group(ofRow row: Int) -> Int {
            let key = keys[row]
            return Int(key == nullKey ? nullGroup : groups[Int(truncatingIfNeeded: key)])
        }
    }

    /// `function` of `values` (nil: count rows) per period of `index`, rows limited by `mask`.
    static func compute(_ function: String, values: NumberColumn?, index: PeriodIndex, grouping: Grouping?,
                        mask: [Bool]?, percentile: Double = 0.5) -> Series {
        let periods = index.count, groups = grouping?.labels.count ?? 1
        let cells = periods * groups
        var result: [Double]
        switch function {
        case "sum", "count", "avg":
            let (sums, counts) = sumAndCount(values: values, index: index, grouping: grouping, mask: mask, cells: cells)
            switch function {
            case "sum": result = sums
            case "count": result = counts
            default: result = zip(sums, counts).map { $1 == 0 ? .nan : $0 / $1 }
            }
        case "min", "max":
            result = [Double](repeating: .nan, count: cells)
            let lower = function == "min"
            forEachRow(values: values, index: index, grouping: grouping, mask: mask, periods: periods) { cell, value in
                let current = result[cell]
                if current.isNaN || (lower ? value < current : value > current) { result[cell] = value }
            }
        case "count_distinct":
            var sets = [Set<UInt64>](repeating: [], count: cells)
            forEachRow(values: values, index: index, grouping: grouping, mask: mask, periods: periods) { cell, value in
                sets[cell].insert(value.bitPattern)
            }
            result = sets.map { Double($0.count) }
        default:  // median, percentile
            var buckets = [[Double]](repeating: [], count: cells)
            forEachRow(values: values, index: index, grouping: grouping, mask: mask, periods: periods) { cell, value in
                buckets[cell].append(value)
            }
            result = buckets.map { quantile($0.sorted(), percentile) }
        }
        return Series(grain: index.grain, start: index.start, count: periods, groups: groups, values: result)
    }

    /// Sums and counts per cell in one pass over raw buffers (the hottest loop of all).
    /// Sums are exact sums of the values as decimals (`DecimalSum`), so money columns
    /// summed over a million rows come out as 71820.33, not 71820.32999999999, and as a
    /// database's exact sum of the same rows.
    ///
    /// A large table is summed in blocks of `block` rows on every core and the blocks'
    /// sums added in order: exact sums do not depend on the order, and the blocks are the
    /// same on every machine, so neither does a sum that fell back to doubles.
    private static func sumAndCount(values: NumberColumn?, index: PeriodIndex, grouping: Grouping?, mask: [Bool]?,
                                    cells: Int) -> ([Double], [Double]) {
        let sum = SumAndCount(values: values, index: index, mask: mask, cells: cells)
        let (sums, counts) = grouping.map { $0.withGroups(sum) } ?? sum(Ungrouped())
        return (values == nil ? counts : sums.map(\.value), counts)
    }

    private struct SumAndCount: GroupsBody {
        let values: NumberColumn?, index: PeriodIndex, mask: [Bool]?, cells: Int

        func callAsFunction<Groups: RowGroups>(_ groups: Groups) -> ([DecimalSum], [Double]) {
            let rows = index.slots.count
            let blocks = (rows + block - 1) / block
            // Each block has its own cells: worth it only while they are few beside the rows.
            guard blocks > 1, cells * blocks <= rows / 16 else { return accumulate(0..<rows, groups) }
            let partials = UnsafeMutableBufferPointer<([DecimalSum], [Double])>.allocate(capacity: blocks)
            defer { partials.deinitialize().deallocate() }
            nonisolated(unsafe) let output = partials
            nonisolated(unsafe) let groups = groups
            DispatchQueue.concurrentPerform(iterations: blocks) { k in
                (output.baseAddress! + k).initialize(to: accumulate(k * block..<min(rows, (k + 1) * block), groups))
            }
            var (sums, counts) = partials[0]
            for (blockSums, blockCounts) in partials.dropFirst() {
                for cell in 0..<cells {
                    sums[cell].add(blockSums[cell])
                    counts[cell] += blockCounts[cell]
                }
            }
            return (sums, counts)
        }

        /// The rows' sums, read through the column's own storage.
        private func accumulate<Groups: RowGroups>(_ rows: Range<Int>, _ groups: Groups) -> ([DecimalSum], [Double]) {
            switch values?.storage {
            case nil: accumulate(rows, groups, RowsOnly())
            case .doubles(let values)?: values.withUnsafeBufferPointer { accumulate(rows, groups, DoubleSummands(values: $0)) }
            case .scaled(let units, let places)?:
                units.withUnsafeBufferPointer { accumulate(rows, groups, UnitSummands(units: $0, places: places)) }
            }
        }

        private func accumulate<Groups: RowGroups, Values: Summands>(_ rows: Range<Int>, _ groups: Groups,
                                                                      _ values: Values) -> ([DecimalSum], [Double]) {
            let periods = index.count
            var totals = [Values.Total](repeating: values.zero, count: cells)
            var counts = [Double](repeating: 0, count: cells)
            totals.withUnsafeMutableBufferPointer { totals in
                counts.withUnsafeMutableBufferPointer { counts in
                    index.slots.withUnsafeBufferPointer { slots in
                        for row in rows {
                            guard let cell = Aggregation.cell(of: row, slots, groups, mask, periods: periods),
                                  values.add(row, to: &totals[cell]) else { continue }
                            counts[cell] += 1
                        }
                    }
                }
            }
            return (totals.map(values.sum), counts)
        }
    }

    /// A column's values as a sum kernel adds them, specialised on how they are stored.
    private protocol Summands {
        associatedtype Total
        var zero: Total { get }
        /// Adds the row's value to `total`; false for a null, which is not counted.
        func add(_ row: Int, to total: inout Total) -> Bool
        func sum(_ total: Total) -> DecimalSum
    }

    /// No values (`count`): every row counts.
    private struct RowsOnly: Summands {
        var zero: Bool { false }
        @inline(__always)
        func add(_ row: Int, to total: inout Bool) -> Bool { true }
        func sum(_ total: Bool) -> DecimalSum { DecimalSum() }
    }

    private struct DoubleSummands: Summands {
        let values: UnsafeBufferPointer<Double>
        var zero: DecimalSum { DecimalSum() }
        @inline(__always)
        func add(_ row: Int, to total: inout DecimalSum) -> Bool {
            let value = values[row]
            if value.isNaN { return false }
            total.add(value)
            return true
        }
        func sum(_ total: DecimalSum) -> DecimalSum { total }
    }

    /// Units of 10^-places, added as integers: exact, and no `DecimalSum` per row.
    private struct UnitSummands: Summands {
        let units: UnsafeBufferPointer<Int32>
        let places: Int
        var zero: Int64 { 0 }
        @inline(__always)
        func add(_ row: Int, to total: inout Int64) -> Bool {
            let stored = units[row]
            if stored == NumberColumn.nullUnits { return false }
            total &+= Int64(stored)  // 2^32 rows of the largest units to overflow
            return true
        }
        func sum(_ total: Int64) -> DecimalSum { DecimalSum(units: total, places: places) }
    }

    /// The cell a row adds to: its period's slot in its group's run of periods; nil for a row
    /// without a period or a group, or outside the mask.
    @inline(__always)
    private static func cell<Groups: RowGroups>(of row: Int, _ slots: UnsafeBufferPointer<Int32>, _ groups: Groups,
                                                _ mask: [Bool]?, periods: Int) -> Int? {
        let slot = Int(slots[row])
        if slot < 0 { return nil }
        if let mask, !mask[row] { return nil }
        let group = groups.group(ofRow: row)
        return group < 0 ? nil : slot + group * periods
    }

    /// Rows a core sums at a time: fixed, not a share of the cores (see `sumAndCount`).
    private static let block = 1 << 20

    /// Calls `body(cell, value)` for every row that has a period, a group, passes
    /// the mask and has a value (rows count as 1 when there are no values).
    private static func forEachRow(values: NumberColumn?, index: PeriodIndex, grouping: Grouping?, mask: [Bool]?, periods: Int,
                                   _ body: (Int, Double) -> Void) {
        withoutActuallyEscaping(body) { body in
            let each = EachRow(values: values, index: index, mask: mask, periods: periods, body: body)
            if let grouping { grouping.withGroups(each) } else { each(Ungrouped()) }
        }
    }

    private struct EachRow: GroupsBody {
        let values: NumberColumn?, index: PeriodIndex, mask: [Bool]?, periods: Int
        let body: (Int, Double) -> Void

        func callAsFunction<Groups: RowGroups>(_ groups: Groups) {
            index.slots.withUnsafeBufferPointer { slots in
                for row in 0..<slots.count {
                    guard let cell = Aggregation.cell(of: row, slots, groups, mask, periods: periods) else { continue }
                    if let values {
                        let value = values[row]
                        if value.isNaN { continue }
                        body(cell, value)
                    } else {
                        body(cell, 1)
                    }
                }
            }
        }
    }

    /// Linear interpolation between closest ranks; `q` in 0…1.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }
}
