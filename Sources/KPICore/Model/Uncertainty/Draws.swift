/// Monte Carlo draws: the value in each run of a simulation, for each period of the
/// simulated window (`Sampling.window`), period by period. An uncertain input is one
/// draw per run, the same in every period, so it is stored once (`periods == 1`) and
/// spread over the window only when it meets a value that changes with the period.
///
/// A driver model multiplies and divides: a budget path over the window times runs of
/// conversion rates over costs. Such a value is kept as the product it is — a factor per
/// period (`scale`) times a factor per run (`values`) — so a 12-period model costs what a
/// one-period model does and a total over the window is one sum of the period factors;
/// anything else (a sum of two such, a comparison) spreads it out period by period.
public struct Draws: Sendable, Equatable {
    /// 1 (the same in every period of the window) or the window's number of periods.
    public var periods: Int
    public var runs: Int
    /// `periods × runs` values, period-major (`values[period * runs + run]`); with a
    /// `scale`, one factor per run.
    public var values: [Double]
    /// The factor of each period, when the draws are `scale[period] × values[run]`.
    public var scale: [Double]?

    public init(periods: Int, runs: Int, values: [Double], scale: [Double]? = nil) {
        self.periods = periods
        self.runs = runs
        self.values = values
        self.scale = scale
    }

    /// The runs of the window's period `index` (the only ones when the same in every period).
    public func period(_ index: Int) -> ArraySlice<Double> {
        if let scale {
            let factor = scale[index]
            return ArraySlice(values.map { Quantity.clean($0 * factor) })
        }
        let start = (periods == 1 ? 0 : index) * runs
        return values[start..<(start + runs)]
    }

    /// Every period's runs written out.
    var spread: Draws {
        guard let scale else { return self }
        var all: [Double] = []
        all.reserveCapacity(periods * runs)
        for factor in scale { all += values.lazy.map { Quantity.clean($0 * factor) } }
        return Draws(periods: periods, runs: runs, values: all)
    }
}

/// An operand of draw arithmetic: its values, and 1 where it is the same in every period
/// (`periods`) or in every run (`runs`) — a number, a series over the window, or draws.
struct DrawLane {
    var values: [Double]
    var periods: Int
    var runs: Int
}

/// Arithmetic on draws, element by element with broadcasting over periods and runs: the
/// loop a simulation spends its time in, written out so that `+ - * /` compile to
/// straight loops over the runs rather than a closure call per value.
enum DrawArithmetic {
    /// `a op b` for the binary operators of the language (`Evaluator.binaryOperation`).
    static func apply(_ op: String, _ a: DrawLane, _ b: DrawLane, runs: Int) -> Draws {
        switch op {
        case "+": return combine(a, b, runs: runs) { Quantity.clean($0 + $1) }
        case "-": return combine(a, b, runs: runs) { Quantity.clean($0 - $1) }
        case "*": return combine(a, b, runs: runs) { Quantity.clean($0 * $1) }
        case "/": return combine(a, b, runs: runs) { $1 == 0 ? .nan : Quantity.clean($0 / $1) }
        default: return combine(a, b, runs: runs, Evaluator.binaryOperation(op))
        }
    }

    @inline(__always)
    static func combine(_ a: DrawLane, _ b: DrawLane, runs: Int, _ operation: (Double, Double) -> Double) -> Draws {
        let periods = max(a.periods, b.periods)
        let values = [Double](unsafeUninitializedCapacity: periods * runs) { out, count in
            a.values.withUnsafeBufferPointer { x in
                b.values.withUnsafeBufferPointer { y in
                    for period in 0..<periods {
                        let i = (a.periods == 1 ? 0 : period) * a.runs, j = (b.periods == 1 ? 0 : period) * b.runs
                        let o = period * runs
                        switch (a.runs == 1, b.runs == 1) {
                        case (false, false): for run in 0..<runs { out[o + run] = operation(x[i + run], y[j + run]) }
                        case (true, false):
                            let left = x[i]
                            for run in 0..<runs { out[o + run] = operation(left, y[j + run]) }
                        case (false, true):
                            let right = y[j]
                            for run in 0..<runs { out[o + run] = operation(x[i + run], right) }
                        case (true, true):
                            let value = operation(x[i], y[j])
                            for run in 0..<runs { out[o + run] = value }
                        }
                    }
                }
            }
            count = periods * runs
        }
        return Draws(periods: periods, runs: runs, values: values)
    }

    /// `a op b` kept as a product of period and run factors where both sides are one
    /// (a number, a series over the window, draws the same in every period, or such a
    /// product) and the operator multiplies or divides; nil otherwise.
    static func factored(_ op: String, _ a: Quantity, _ b: Quantity, window: Range<Int>, runs: Int) -> Draws? {
        guard op == "*" || op == "/", let (pa, ra) = factors(a, window: window), let (pb, rb) = factors(b, window: window),
              pa != nil || pb != nil, ra != nil || rb != nil else { return nil }
        func join(_ x: [Double]?, _ y: [Double]?) -> [Double]? {
            switch (x, y) {
            case (nil, nil): return nil
            case (let x?, nil): return x
            case (nil, let y?): return op == "*" ? y : y.map { $0 == 0 ? .nan : Quantity.clean(1 / $0) }
            case (var x?, var y?):
                // A number is one factor for every run: spread it to the other side's length.
                if x.count == 1, y.count > 1 { x = [Double](repeating: x[0], count: y.count) }
                if y.count == 1, x.count > 1 { y = [Double](repeating: y[0], count: x.count) }
                return op == "*" ? zip(x, y).map { Quantity.clean($0 * $1) } : zip(x, y).map { $1 == 0 ? .nan : Quantity.clean($0 / $1) }
            }
        }
        guard let scale = join(pa, pb), let values = join(ra, rb), scale.count == window.count, values.count == runs else { return nil }
        return Draws(periods: scale.count, runs: runs, values: values, scale: scale)
    }

    /// A value as (period factors, run factors), either nil for "1 in every period/run";
    /// nil for a value that is not such a product.
    private static func factors(_ value: Quantity, window: Range<Int>) -> ([Double]?, [Double]?)? {
        switch value {
        case .scalar(let x): return (nil, [x])
        case .series(let series) where series.groups == 1: return (window.map { series.value(ordinal: $0) }, nil)
        case .samples(let draws) where draws.scale != nil: return (draws.scale, draws.values)
        case .samples(let draws) where draws.periods == 1: return (nil, draws.values)
        default: return nil
        }
    }

    /// `if(c, a, b)` run by run and period by period; null where the condition is.
    static func choose(_ c: DrawLane, _ a: DrawLane, _ b: DrawLane, runs: Int) -> Draws {
        let periods = max(c.periods, a.periods, b.periods)
        func at(_ lane: DrawLane, _ period: Int, _ run: Int) -> Double {
            lane.values[(lane.periods == 1 ? 0 : period) * lane.runs + (lane.runs == 1 ? 0 : run)]
        }
        var values = [Double](repeating: .nan, count: periods * runs)
        for period in 0..<periods {
            for run in 0..<runs {
                let condition = at(c, period, run)
                guard !condition.isNaN else { continue }
                values[period * runs + run] = condition != 0 ? at(a, period, run) : at(b, period, run)
            }
        }
        return Draws(periods: periods, runs: runs, values: values)
    }

    /// A reduction of each run over the window's periods `range` (offsets into the window):
    /// `total`, `mean`, `latest`, `min`, `max`; nulls are skipped.
    static func reduce(_ name: String, _ draws: Draws, over range: Range<Int>) -> Draws {
        guard draws.periods > 1 else { return draws }
        if let scale = draws.scale { return reduce(name, factored: draws.values, scale: Array(scale[range])) }
        let runs = draws.runs
        var result = [Double](repeating: .nan, count: runs)
        draws.values.withUnsafeBufferPointer { values in
            for run in 0..<runs {
                var total = 0.0, count = 0, latest = Double.nan, low = Double.infinity, high = -Double.infinity
                for period in range {
                    let value = values[period * runs + run]
                    guard !value.isNaN else { continue }
                    total += value
                    count += 1
                    latest = value
                    low = Swift.min(low, value)
                    high = Swift.max(high, value)
                }
                switch name {
                case "total": result[run] = count == 0 ? .nan : total
                case "mean": result[run] = count == 0 ? .nan : total / Double(count)
                case "latest": result[run] = latest
                case "min": result[run] = count == 0 ? .nan : low
                default: result[run] = count == 0 ? .nan : high
                }
            }
        }
        return Draws(periods: 1, runs: runs, values: result)
    }

    /// A reduction of `scale[period] × values[run]` over the periods: the period factors
    /// reduced once, then one multiply a run.
    private static func reduce(_ name: String, factored values: [Double], scale: [Double]) -> Draws {
        let known = scale.filter { !$0.isNaN }
        let runs = values.count
        guard !known.isEmpty else { return Draws(periods: 1, runs: runs, values: [Double](repeating: .nan, count: runs)) }
        let sum = known.reduce(0, +)
        let result: [Double]
        switch name {
        case "total": result = values.map { Quantity.clean($0 * sum) }
        case "mean": result = values.map { Quantity.clean($0 * sum / Double(known.count)) }
        case "latest": result = values.map { Quantity.clean($0 * known.last!) }
        default:
            let (low, high) = (known.min()!, known.max()!)
            let smallest = name == "min"
            result = values.map { Quantity.clean($0 * (($0 >= 0) == smallest ? low : high)) }
        }
        return Draws(periods: 1, runs: runs, values: result)
    }
}
