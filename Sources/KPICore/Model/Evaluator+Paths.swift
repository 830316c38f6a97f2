/// Values over time that the model writes itself: paths (`80k from 2026-11 growing 3%`),
/// the periods a reduction reads (`total(x from 2027-01 to 2027-03)`), and the
/// distributions of uncertain assumptions, fitted ones included.
extension Evaluator {
    /// A path at the current grain. Written at a finer grain it is summed into each period it
    /// covers whole (`averaging` a rate: its mean); `base` is what a scenario's path replaces,
    /// kept outside the path's periods.
    func path(_ path: ValuePath, averaging: Bool, over base: Quantity?, at range: SourceRange) throws(KPIError) -> Quantity {
        let written = path.start.value.grain
        guard written == grain || written.divides(into: grain) else {
            throw .invalidExpression("this path is planned by \(written.noun) and the grain is \(grain.noun): a \(written.noun) "
                                     + "does not split into \(grain.noun)s", at: path.start.range,
                                     help: "grain \(written.noun) (or a coarser one) reads it, or write the path by \(grain.noun)")
        }
        var values: [Quantity] = []
        for value in path.values { values.append(try evaluate(value)) }
        let first = path.start.value.ordinal
        let planned: Quantity
        if values.count > 1 {
            var numbers: [Double] = []
            for (index, value) in values.enumerated() {
                guard case .scalar(let x) = value else {
                    throw .invalidExpression("a list of values takes numbers", at: path.values[index].range,
                                             help: "for an uncertain or computed value, give one value: X from PERIOD growing RATE")
                }
                numbers.append(x)
            }
            planned = .series(Series(grain: written, start: first, count: numbers.count, values: numbers))
        } else {
            planned = try grown(values[0], path, at: range)
        }
        var converted = planned
        if written != grain, case .series(let series) = planned { converted = .series(series.summed(into: grain, averaging: averaging)) }
        guard let base else { return converted }
        guard case .series(let over) = converted else { return converted }
        // In the path's periods the path, elsewhere the base: a mask over both.
        let start = min(over.start, base.seriesStart ?? over.start), end = max(over.end, base.seriesEnd ?? over.end)
        let from = Period(containing: path.start.value.firstDay, grain: grain).ordinal
        let to = path.end.map { Period(containing: $0.value.lastDay, grain: grain).ordinal } ?? over.end - 1
        let inside = (start..<end).map { $0 >= from && $0 <= to ? 1.0 : 0.0 }
        return choose(.series(Series(grain: grain, start: start, count: end - start, values: inside)), converted, base)
    }

    /// One value grown each period by the path's rate, over the path's periods (at the grain
    /// it is written in).
    private func grown(_ value: Quantity, _ path: ValuePath, at range: SourceRange) throws(KPIError) -> Quantity {
        let written = path.start.value.grain, first = path.start.value.ordinal
        var last: Int
        if let end = path.end {
            last = Period(containing: end.value.lastDay, grain: written).ordinal
        } else if case .series(let series) = value {
            guard written == grain else {
                throw .invalidExpression("a path over a series is written at the current grain (\(grain.noun))", at: path.start.range,
                                         help: nil)
            }
            last = series.end - 1
        } else {
            last = first + written.periodsInAYear - 1
        }
        last = max(last, first)
        let offsets = Series(grain: written, start: first, count: last - first + 1, values: (0...(last - first)).map(Double.init))
        var factors = Quantity.series(Series(grain: written, start: first, count: offsets.count, values: offsets.values.map { _ in 1 }))
        if let growth = path.growth {
            let rate = try evaluate(growth)
            if case .series = rate {
                throw .invalidExpression("growing takes a number (3%) or an assumption, not a series", at: growth.range, help: nil)
            }
            factors = try combine(try combine(.scalar(1), rate, at: growth.range, op: "+"), .series(offsets), at: growth.range, op: "^")
        }
        if value.isDrawn || factors.isDrawn, written != grain {
            throw .invalidExpression("an uncertain path is simulated at the grain it is written in (\(written.noun))",
                                     at: path.start.range, help: "grain \(written.noun)")
        }
        return try combine(value, factors, at: range, op: "*")
    }

    /// `x from P to Q`: x over those periods only.
    func window(_ value: Quantity, from: Period?, to: Period?, at range: SourceRange) throws(KPIError) -> Quantity {
        let first = from.map { Period(containing: $0.firstDay, grain: grain).ordinal }
        let last = to.map { Period(containing: $0.lastDay, grain: grain).ordinal }
        switch value {
        case .scalar:
            throw .invalidExpression("from … to … picks periods of a value over time, and this is one number", at: range,
                                     help: "a path (let budget = 80k from 2027-01) or a metric on data has periods")
        case .series(let series):
            let start = first ?? series.start, end = (last ?? series.end - 1) + 1
            guard end > start else { return .series(Series(grain: grain, start: start, count: 0, values: [])) }
            return .series(Series(grain: grain, start: start, count: end - start, groups: series.groups,
                                  values: series.aligned(start: start, count: end - start, groups: series.groups)))
        case .samples(let draws):
            guard let window = sampling?.window else { return value }
            let lower = (first ?? window.lowerBound) - window.lowerBound, upper = (last ?? window.upperBound - 1) + 1 - window.lowerBound
            guard lower >= 0, upper <= window.count else {
                throw .invalidExpression("this simulation draws \(Period(grain: grain, ordinal: window.lowerBound))"
                                         + (window.count > 1 ? " to \(Period(grain: grain, ordinal: window.upperBound - 1))" : "")
                                         + " only, and these periods reach beyond", at: range,
                                         help: "simulate total(METRIC from P to Q) over the periods the model reads")
            }
            guard upper > lower else { return .samples(Draws(periods: 1, runs: draws.runs, values: [Double](repeating: .nan, count: draws.runs))) }
            guard draws.periods > 1 else { return value }
            // Outside the periods asked for, null: the draws keep the window's periods, so
            // they still meet the model's other values period by period.
            let inside = (0..<window.count).map { $0 >= lower && $0 < upper ? 1.0 : Double.nan }
            if let scale = draws.scale {
                return .samples(Draws(periods: draws.periods, runs: draws.runs, values: draws.values,
                                      scale: zip(scale, inside).map { $0 * $1 }))
            }
            var values = draws.values
            for period in 0..<draws.periods where inside[period].isNaN {
                for run in 0..<draws.runs { values[period * draws.runs + run] = .nan }
            }
            return .samples(Draws(periods: draws.periods, runs: draws.runs, values: values))
        }
    }

    /// `total(x from P to Q)` of a value already computed.
    func total(_ value: Quantity, over span: TotalSpan, at range: SourceRange) throws(KPIError) -> Quantity {
        try reduce("total", try window(value, from: span.from, to: span.to, at: range), last: nil)
    }

    /// The distribution `function(arguments)` stands for, as (kind, parameters): written
    /// with numbers, or fitted to a series (`fit`).
    func distribution(_ function: String, _ arguments: [Expression], last: Int?, at range: SourceRange)
        throws(KPIError) -> (String, [Double])
    {
        if function == "fit" { return try fitted(arguments, last: last, at: range).distribution }
        var parameters: [Double] = []
        for argument in arguments {
            guard case .scalar(let x) = try evaluate(argument) else {
                throw .invalidExpression("\(function)() takes plain numbers", at: argument.range,
                                         help: Distribution.usage[function].map { "usage: \($0)" })
            }
            parameters.append(x)
        }
        return try Distribution.parameters(function, parameters, at: range)
    }

    /// `fit(x, last N)`: a normal or lognormal distribution fitted to x's values (the last N
    /// with a value), whichever is the likelier.
    func fitted(_ arguments: [Expression], last: Int?, at range: SourceRange) throws(KPIError) -> DistributionFit {
        guard arguments.count == 1 else {
            throw .invalidExpression("fit() takes one value over time", at: range, help: "usage: \(Distribution.usage["fit"]!)")
        }
        let unsampled = Evaluator(workspace: workspace, cache: cache, breakdown: nil, scenario: scenario, sampling: nil)
        guard case .series(let series) = try unsampled.evaluate(arguments[0]) else {
            throw .invalidExpression("fit() needs a value over time to fit, such as a metric on data", at: arguments[0].range,
                                     help: "for example: let cpc = fit(spend / clicks, last 12)")
        }
        let points = (series.start..<series.end).map { (ordinal: $0, value: series.value(ordinal: $0)) }.filter { $0.value.isFinite }
        let used = Array(points.suffix(last ?? points.count))
        guard used.count >= 3 else {
            throw .invalidExpression("fit() needs at least 3 values to fit; there \(used.count == 1 ? "is" : "are") \(used.count)",
                                     at: arguments[0].range, help: nil)
        }
        guard let fit = DistributionFit(used.map(\.value), from: Period(grain: grain, ordinal: used.first!.ordinal),
                                        to: Period(grain: grain, ordinal: used.last!.ordinal)) else {
            throw .invalidExpression("the values do not vary over those periods: there is nothing to fit",
                                     at: arguments[0].range, help: "use the number itself: let x = latest(…)")
        }
        return fit
    }
}

extension Quantity {
    var seriesStart: Int? { if case .series(let s) = self { s.start } else { nil } }
    var seriesEnd: Int? { if case .series(let s) = self { s.end } else { nil } }
}

extension Grain {
    /// Whether each period of `coarser` is made of whole periods of this grain (a week is not
    /// inside one month).
    func divides(into coarser: Grain) -> Bool {
        guard self < coarser else { return false }
        return self == .day || (self != .week && coarser != .week)
    }

    /// How many periods a path without an end runs: a year.
    var periodsInAYear: Int {
        switch self {
        case .day: 365
        case .week: 52
        case .month: 12
        case .quarter: 4
        case .year: 1
        }
    }
}
