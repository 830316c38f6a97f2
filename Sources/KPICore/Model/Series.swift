/// A metric's values per period (and per group, for a breakdown), nulls as `nan`.
public struct Series: Sendable, Equatable {
    public var grain: Grain
    /// Ordinal of the first period.
    public var start: Int
    /// Number of periods.
    public var count: Int
    /// 1 unless broken down `by` a column.
    public var groups: Int
    /// `groups × count` values, group by group.
    public var values: [Double]

    public init(grain: Grain, start: Int, count: Int, groups: Int = 1, values: [Double]) {
        self.grain = grain
        self.start = start
        self.count = count
        self.groups = groups
        self.values = values
    }

    public var end: Int { start + count }

    public func value(group: Int = 0, ordinal: Int) -> Double {
        guard ordinal >= start, ordinal < end else { return .nan }
        return values[group * count + ordinal - start]
    }

    /// The same values over `start..<start+count`, null where this series has none.
    func aligned(start newStart: Int, count newCount: Int, groups newGroups: Int) -> [Double] {
        if newStart == start, newCount == count, newGroups == groups { return values }
        var result = [Double](repeating: .nan, count: newGroups * newCount)
        for group in 0..<newGroups {
            let source = groups == 1 ? 0 : group
            for offset in 0..<newCount {
                let ordinal = newStart + offset
                if ordinal >= start, ordinal < end { result[group * newCount + offset] = values[source * count + ordinal - start] }
            }
        }
        return result
    }

    /// The series at a coarser grain made of whole periods of this one (`Grain.divides`):
    /// each period the sum (`averaging`: the mean) of its periods here, null unless every
    /// one of them has a value. Nulls are nan.
    func summed(into coarser: Grain, averaging: Bool = false) -> Series {
        var sums: [Int: (total: Double, count: Int)] = [:]
        for ordinal in start..<end {
            let x = value(ordinal: ordinal)
            guard x.isFinite else { continue }
            let bucket = Period(containing: Period(grain: grain, ordinal: ordinal).firstDay, grain: coarser).ordinal
            sums[bucket] = ((sums[bucket]?.total ?? 0) + x, (sums[bucket]?.count ?? 0) + 1)
        }
        guard let first = sums.keys.min(), let last = sums.keys.max() else { return Series(grain: coarser, start: 0, count: 0, values: []) }
        let values = (first...last).map { bucket -> Double in
            let period = Period(grain: coarser, ordinal: bucket)
            let whole = Period(containing: period.lastDay, grain: grain).ordinal - Period(containing: period.firstDay, grain: grain).ordinal + 1
            guard let sum = sums[bucket], sum.count == whole else { return .nan }
            return averaging ? sum.total / Double(sum.count) : sum.total
        }
        return Series(grain: coarser, start: first, count: values.count, values: values)
    }

    /// The last period with a value in any group, or nil when all are null.
    public var lastOrdinalWithData: Int? {
        for offset in stride(from: count - 1, through: 0, by: -1) {
            for group in 0..<groups where !values[group * count + offset].isNaN { return start + offset }
        }
        return nil
    }
}

/// What an expression evaluates to: one number, a series, or (in `simulate`) one
/// number per run.
public enum Quantity: Sendable, Equatable {
    case scalar(Double)
    case series(Series)
    /// Monte Carlo draws: the value in each run of a simulation, per simulated period.
    case samples(Draws)

    /// Drawn: the value differs from run to run of a simulation.
    var isDrawn: Bool { if case .samples = self { true } else { false } }

    /// A number for display: `nan` and infinities are null.
    static func clean(_ value: Double) -> Double { value.isFinite ? value : .nan }

    /// The value as one number: a constant, the draws' mean, or a series at `period` (by
    /// default its latest period with data), with the period read.
    func reading(at period: Period?) -> (Double, Period?) {
        switch self {
        case .scalar(let x): return (x, nil)
        case .samples(let draws): return (Statistics.mean(Array(draws.period(0))), nil)
        case .series(let series):
            let ordinal = period.map { Period(containing: Period(grain: $0.grain, ordinal: $0.ordinal + 1).firstDay - 1, grain: series.grain).ordinal }
                ?? series.lastOrdinalWithData ?? series.start
            return (series.value(ordinal: ordinal), Period(grain: series.grain, ordinal: ordinal))
        }
    }
}
