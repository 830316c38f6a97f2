import Dispatch

/// The aggregate kernels: one pass over a table's rows into per-period (and
/// per-group) accumulators, addressed by the rows' period slots.
///
/// Hand-written loops over unsafe buffers because they are the hot path of every
/// `show` on a large table (docs/DESIGN.md: an aggregate is one pass).
enum Aggregation {
    /// One table's part of a breakdown: a group number per row.
    struct Grouping {
        /// Per row: the group, or -1 for a row in none.
        var codes: [Int32]
        /// Group labels in order (sorted), `codes` index into them; rows without a value are
        /// the last group, labelled `none`.
        var labels: [String]

        /// The label of the rows without a value.
        static let none = "(none)"
    }

    /// `function` of `values` (nil: count rows) per period of `index`, rows limited by `mask`.
    static func compute(_ function: String, values: [Double]?, index: PeriodIndex, grouping: Grouping?,
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
    private static func sumAndCount(values: [Double]?, index: PeriodIndex, grouping: Grouping?, mask: [Bool]?,
                                    cells: Int) -> ([Double], [Double]) {
        let rows = index.slots.count
        let blocks = (rows + block - 1) / block
        // Each block has its own cells: worth it only while they are few beside the rows.
        guard blocks > 1, cells * blocks <= rows / 16 else {
            let (sums, counts) = accumulate(0..<rows, values: values, index: index, grouping: grouping, mask: mask,
                                            cells: cells)
            return (values == nil ? counts : sums.map(\.value), counts)
        }
        let partials = UnsafeMutableBufferPointer<([DecimalSum], [Double])>.allocate(capacity: blocks)
        defer { partials.deinitialize().deallocate() }
        nonisolated(unsafe) let output = partials
        DispatchQueue.concurrentPerform(iterations: blocks) { k in
            let rows = k * block..<min(rows, (k + 1) * block)
            (output.baseAddress! + k).initialize(to: accumulate(rows, values: values, index: index, grouping: grouping,
                                                                mask: mask, cells: cells))
        }
        var (sums, counts) = partials[0]
        for (blockSums, blockCounts) in partials.dropFirst() {
            for cell in 0..<cells {
                sums[cell].add(blockSums[cell])
                counts[cell] += blockCounts[cell]
            }
        }
        return (values == nil ? counts : sums.map(\.value), counts)
    }

    /// Rows a core sums at a time: fixed, not a share of the cores (see `sumAndCount`).
    private static let block = 1 << 20

    private static func accumulate(_ rows: Range<Int>, values: [Double]?, index: PeriodIndex, grouping: Grouping?,
                                   mask: [Bool]?, cells: Int) -> ([DecimalSum], [Double]) {
        let periods = index.count
        var sums = [DecimalSum](repeating: DecimalSum(), count: cells)
        var counts = [Double](repeating: 0, count: cells)
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                index.slots.withUnsafeBufferPointer { slots in
                    let groupCodes = grouping?.codes
                    for row in rows {
                        var cell = Int(slots[row])
                        if cell < 0 { continue }
                        if let mask, !mask[row] { continue }
                        if let groupCodes {
                            let group = Int(groupCodes[row])
                            if group < 0 { continue }
                            cell += group * periods
                        }
                        guard let values else {
                            counts[cell] += 1
                            continue
                        }
                        let value = values[row]
                        if value.isNaN { continue }
                        sums[cell].add(value)
                        counts[cell] += 1
                    }
                }
            }
        }
        return (sums, counts)
    }

    /// Calls `body(cell, value)` for every row that has a period, a group, passes
    /// the mask and has a value (rows count as 1 when there are no values).
    @inline(__always)
    private static func forEachRow(values: [Double]?, index: PeriodIndex, grouping: Grouping?, mask: [Bool]?, periods: Int,
                                   _ body: (Int, Double) -> Void) {
        index.slots.withUnsafeBufferPointer { slots in
            for row in 0..<slots.count {
                let slot = Int(slots[row])
                if slot < 0 { continue }
                if let mask, !mask[row] { continue }
                var cell = slot
                if let grouping {
                    let group = Int(grouping.codes[row])
                    if group < 0 { continue }
                    cell += group * periods
                }
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

    /// Linear interpolation between closest ranks; `q` in 0…1.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }
}
