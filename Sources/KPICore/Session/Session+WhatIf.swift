/// scenario, scenarios, use, compare, solve, sensitivity, simulate.
extension Session {
    /// An evaluator for the active scenario (the base case when none is in use).
    func evaluator(grouping: Aggregation.Grouping? = nil, scenario: Scenario? = nil, sampling: Sampling? = nil) -> Evaluator {
        Evaluator(workspace: workspace, cache: cache, grouping: grouping,
                  scenario: scenario ?? workspace.activeScenario.flatMap(workspace.scenario(named:)), sampling: sampling)
    }

    private var base: Scenario { Scenario(name: "base", overrides: []) }

    /// The active scenario's overrides with `override` added (replacing one of the same name):
    /// what solve and sensitivity vary.
    private func varying(_ override: Override) -> Scenario {
        let active = workspace.activeScenario.flatMap(workspace.scenario(named:))?.overrides ?? []
        return Scenario(name: "what-if", overrides: active.filter { $0.name.value != override.name.value } + [override])
    }

    func defineScenario(_ name: Located<String>, _ overrides: [Override]) throws(KPIError) -> Output {
        guard name.value != "base" else {
            throw .invalidExpression("'base' is the case without overrides", at: name.range, help: "give the scenario another name")
        }
        for override in overrides {
            guard workspace.definitions[override.name.value] != nil else {
                throw .unknownName(override.name.value, at: override.name.range,
                                   suggestion: Suggestion.closest(to: override.name.value, in: workspace.definitionNames))
            }
            let downstream = Set(workspace.dependents(of: override.name.value))
            if let looping = override.expression.names.first(where: { downstream.contains($0) }) {
                throw .cycle([override.name.value, looping, override.name.value], at: override.expression.range)
            }
        }
        let scenario = Scenario(name: name.value, overrides: overrides)
        let trial = evaluator(scenario: scenario)
        for override in overrides { _ = try trial.evaluate(override.expression) }
        computedCount += trial.computed.count
        if let index = workspace.scenarios.firstIndex(where: { $0.name == name.value }) {
            workspace.scenarios[index] = scenario
        } else {
            workspace.scenarios.append(scenario)
        }
        let changed = Set(overrides.flatMap { workspace.dependents(of: $0.name.value) }).subtracting(overrides.map(\.name.value))
        let follows = workspace.definitionOrder.filter(changed.contains)
        return .message("scenario \(name.value): " + overrides.map(\.text).joined(separator: ", ")
                        + (follows.isEmpty ? "" : "\n  changes " + follows.joined(separator: ", ")))
    }

    func listScenarios() -> Output {
        guard !workspace.scenarios.isEmpty else { return .message("no scenarios yet: scenario bigger: budget = budget * 1.2") }
        return .message(workspace.scenarios.map { scenario in
            (scenario.name == workspace.activeScenario ? "* " : "  ") + scenario.name + ": "
                + scenario.overrides.map(\.text).joined(separator: ", ")
        }.joined(separator: "\n"))
    }

    func use(_ name: Located<String>) throws(KPIError) -> Output {
        if name.value == "base" {
            workspace.activeScenario = nil
            return .message("using the base case")
        }
        guard workspace.scenario(named: name.value) != nil else {
            throw .invalidExpression("there is no scenario '\(name.value)'", at: name.range,
                                     help: Suggestion.closest(to: name.value, in: workspace.scenarios.map(\.name) + ["base"])
                                        .map { "did you mean '\($0)'?" } ?? "scenarios lists them")
        }
        workspace.activeScenario = name.value
        return .message("using scenario \(name.value): show, chart, goals and scorecard evaluate under it; use base to return")
    }

    func dropScenario(_ name: Located<String>) -> Output? {
        guard workspace.scenario(named: name.value) != nil else { return nil }
        workspace.scenarios.removeAll { $0.name == name.value }
        if workspace.activeScenario == name.value { workspace.activeScenario = nil }
        return .message("dropped scenario \(name.value)")
    }

    private func scenario(_ name: Located<String>) throws(KPIError) -> Scenario {
        if name.value == "base" { return base }
        guard let scenario = workspace.scenario(named: name.value) else {
            throw .invalidExpression("there is no scenario '\(name.value)'", at: name.range,
                                     help: Suggestion.closest(to: name.value, in: workspace.scenarios.map(\.name) + ["base"])
                                        .map { "did you mean '\($0)'?" } ?? "scenarios lists them")
        }
        return scenario
    }

    private func definition(named name: Located<String>) throws(KPIError) -> Definition {
        guard let definition = workspace.definitions[name.value] else {
            throw .unknownName(name.value, at: name.range, suggestion: Suggestion.closest(to: name.value, in: workspace.definitionNames))
        }
        return definition
    }

    /// A metric as one number: a constant, or a series at `at` (by default its latest period with data).
    private func reading(_ value: Quantity, at period: Period?) -> (Double, Period?) {
        switch value {
        case .scalar(let x): return (x, nil)
        case .samples(let xs): return (xs.reduce(0, +) / Double(max(xs.count, 1)), nil)
        case .series(let series):
            let ordinal = period.map { Period(containing: Period(grain: $0.grain, ordinal: $0.ordinal + 1).firstDay - 1, grain: series.grain).ordinal }
                ?? series.lastOrdinalWithData ?? series.start
            return (series.value(ordinal: ordinal), Period(grain: series.grain, ordinal: ordinal))
        }
    }

    // MARK: compare

    func compare(_ names: [Located<String>], metrics: [Located<String>], at: Located<Period>?,
                 format: OutputFormat) throws(KPIError) -> Output {
        var scenarios: [Scenario] = []
        for name in names { scenarios.append(try scenario(name)) }
        var values = [[Double]](repeating: [], count: metrics.count), periods = [Period?](repeating: nil, count: metrics.count)
        var units: [MetricUnit] = []
        for metric in metrics { units.append(try definition(named: metric).unit) }
        var verdicts: [[String]] = workspace.goals.filter { !$0.isDraft }.map { _ in [] }
        for scenario in scenarios {
            let evaluator = Evaluator(workspace: workspace, cache: cache, scenario: scenario.overrides.isEmpty ? nil : scenario)
            for (index, metric) in metrics.enumerated() {
                let (value, period) = reading(try evaluator.value(of: metric.value, at: metric.range), at: at?.value)
                values[index].append(value)
                periods[index] = period
            }
            let check = GoalCheck(workspace: workspace, evaluator: evaluator)
            for (index, goal) in workspace.goals.filter({ !$0.isDraft }).enumerated() {
                verdicts[index].append(check.report(goal).verdict.rawValue)
            }
            computedCount += evaluator.computed.count
        }
        let goals = zip(workspace.goals.filter { !$0.isDraft }, verdicts).map { ($0.name, $1) }
        return .comparison(ComparisonView(scenarios: scenarios.map(\.name), metrics: metrics.map(\.value), units: units,
                                          values: values, periods: periods, goals: goals, format: format))
    }

    // MARK: solve

    func solve(_ request: SolveRequest) throws(KPIError) -> Output {
        let input = try definition(named: request.input)
        let metric = try definition(named: request.metric)
        guard workspace.dependents(of: input.name).contains(metric.name) else {
            throw .invalidExpression("\(metric.name) does not depend on \(input.name)", at: request.input.range,
                                     help: "explain \(metric.name) shows what it reads")
        }
        guard case .scalar(let start) = try evaluator().value(of: input.name, at: request.input.range) else {
            throw .invalidExpression("solve works on an assumption, a single number; \(input.name) is a series",
                                     at: request.input.range, help: "let NAME = … defines one")
        }
        var evaluations = 0
        var period: Period?
        func f(_ x: Double) throws(KPIError) -> Double {
            evaluations += 1
            let override = Override(name: request.input, expression: Expression(.number(x, percent: false), request.input.range),
                                    text: "")
            let evaluator = self.evaluator(scenario: varying(override))
            let (value, at) = reading(try evaluator.value(of: metric.name, at: request.metric.range), at: request.at?.value)
            period = at
            return value - request.target
        }
        let root = try Solver.solve(f, start: start, between: request.between)
        let range = request.between.map { "\($0.low) … \($0.high)" } ?? "the values tried"
        guard case .found(let x) = root else {
            if case .noSignChange(let low, let high, let lowest, let highest) = root {
                throw .invalidExpression("no value of \(input.name) in \(NumberText.plain(low)) … \(NumberText.plain(high)) "
                                         + "brings \(metric.name) to \(NumberText.plain(request.target)); there it ranges from "
                                         + "\(NumberText.plain(lowest + request.target)) to \(NumberText.plain(highest + request.target))",
                                         at: request.metric.range, help: "try a wider range: between LOW and HIGH")
            }
            throw .invalidExpression("\(metric.name) cannot be computed over \(range)", at: request.metric.range, help: nil)
        }
        let reached = try f(x) + request.target
        var saved: String?
        if let name = request.scenario {
            let override = Override(name: request.input, expression: Expression(.number(x, percent: false), request.input.range),
                                    text: "\(input.name) = \(NumberText.plain(x))")
            let scenario = Scenario(name: name.value, overrides: [override])
            workspace.scenarios.removeAll { $0.name == name.value }
            workspace.scenarios.append(scenario)
            saved = name.value
        }
        return .solved(SolveResult(input: input.name, value: x, baseValue: start, metric: metric.name, metricValue: reached,
                                   target: request.target, period: period, evaluations: evaluations, inputUnit: input.unit,
                                   metricUnit: metric.unit, savedAs: saved))
    }

    // MARK: sensitivity

    func sensitivity(_ metric: Located<String>, at: Located<Period>?, inputs: [Located<String>], step: Double) throws(KPIError) -> Output {
        let definition = try self.definition(named: metric)
        let (base, period) = reading(try evaluator().value(of: metric.value, at: metric.range), at: at?.value)
        var rows: [SensitivityView.Row] = []
        for input in inputs {
            _ = try self.definition(named: input)
            guard workspace.dependents(of: input.value).contains(metric.value) else {
                throw .invalidExpression("\(metric.value) does not depend on \(input.value)", at: input.range,
                                         help: "explain \(metric.value) shows what it reads")
            }
            var ends: [Double] = []
            for factor in [1 - step, 1 + step] {
                let scaled = Expression(.binary("*", Expression(.name(input.value), input.range),
                                                Expression(.number(factor, percent: false), input.range)), input.range)
                let evaluator = self.evaluator(scenario: varying(Override(name: input, expression: scaled, text: "")))
                ends.append(reading(try evaluator.value(of: metric.value, at: metric.range), at: at?.value).0)
            }
            rows.append(SensitivityView.Row(input: input.value, low: ends[0], high: ends[1]))
        }
        rows.sort { $0.swing > $1.swing }
        return .sensitivity(SensitivityView(metric: metric.value, unit: definition.unit, base: base, step: step, period: period, rows: rows))
    }

    // MARK: simulate

    func simulate(_ metric: Located<String>, at: Located<Period>?, runs: Int, seed: UInt64) throws(KPIError) -> Output {
        let definition = try self.definition(named: metric)
        let (_, period) = reading(try evaluator().value(of: metric.value, at: metric.range), at: at?.value)
        let sampling = Sampling(runs: runs, seed: seed, ordinal: period?.ordinal ?? 0)
        let evaluator = self.evaluator(sampling: sampling)
        var draws: [Double]
        switch try evaluator.value(of: metric.value, at: metric.range) {
        case .samples(let values): draws = values
        case let other: draws = [Double](repeating: reading(other, at: at?.value).0, count: runs)
        }
        computedCount += evaluator.computed.count
        let finite = draws.filter(\.isFinite)
        guard !finite.isEmpty else {
            throw .invalidExpression("\(metric.value) has no value in any run", at: metric.range, help: "explain \(metric.value)")
        }
        let mean = Statistics.mean(finite)
        let sd = Statistics.standardDeviation(finite, mean: mean)
        let percentiles = Statistics.quantiles(finite, [0.05, 0.25, 0.5, 0.75, 0.95])
        let goals = workspace.goals.filter { $0.metric == metric.value && !$0.isDraft }.compactMap { goal -> (String, Double)? in
            let report = self.report(goal)
            guard let target = report.target else { return nil }
            return (goal.name, Double(finite.filter { goal.isMet(by: $0, target: target) }.count) / Double(runs))
        }
        return .simulation(SimulationView(metric: metric.value, unit: definition.unit, period: period, runs: runs, seed: seed,
                                          mean: mean, sd: sd, percentiles: percentiles,
                                          histogram: Statistics.histogram(finite, bins: 16), goals: goals))
    }
}

/// Goal seek: brackets a root of `f` and refines it with Brent's method.
enum Solver {
    enum Outcome {
        case found(Double)
        /// f keeps one sign over low…high; the lowest and highest values of f seen.
        case noSignChange(low: Double, high: Double, lowest: Double, highest: Double)
        case undefined
    }

    static func solve(_ f: (Double) throws(KPIError) -> Double, start: Double, between: (low: Double, high: Double)?)
        throws(KPIError) -> Outcome
    {
        var points: [(x: Double, y: Double)] = []
        if let between {
            for i in 0...8 { points.append((0, 0)); points[i].x = between.low + (between.high - between.low) * Double(i) / 8 }
        } else {
            let scale = start == 0 ? 1 : abs(start)
            let factors = [0.0, 0.5, 1, 2, 4, 10, 100, 1000]
            let offsets = factors.flatMap { [-$0, $0] }.sorted()
            for offset in offsets { points.append((start + scale * offset, 0)) }
        }
        points = points.sorted { $0.x < $1.x }.reduce(into: []) { unique, point in if unique.last?.x != point.x { unique.append(point) } }
        for index in points.indices { points[index].y = try f(points[index].x) }
        let finite = points.filter { $0.y.isFinite }
        guard !finite.isEmpty else { return .undefined }
        // The bracket nearest the starting value.
        var brackets: [(Double, Double, Double, Double)] = []
        for (a, b) in zip(finite, finite.dropFirst()) where a.y == 0 || (a.y < 0) != (b.y < 0) {
            brackets.append((a.x, a.y, b.x, b.y))
        }
        guard let bracket = brackets.min(by: { abs(($0.0 + $0.2) / 2 - start) < abs(($1.0 + $1.2) / 2 - start) }) else {
            let ys = finite.map(\.y)
            return .noSignChange(low: finite.first!.x, high: finite.last!.x, lowest: ys.min()!, highest: ys.max()!)
        }
        if bracket.1 == 0 { return .found(bracket.0) }
        return .found(try brent(f, bracket.0, bracket.1, bracket.2, bracket.3))
    }

    /// Brent's method on a bracket [a, b] with f(a), f(b) of opposite signs, to a relative tolerance of 1e-9.
    static func brent(_ f: (Double) throws(KPIError) -> Double, _ a0: Double, _ fa0: Double, _ b0: Double, _ fb0: Double)
        throws(KPIError) -> Double
    {
        var (a, fa, b, fb) = (a0, fa0, b0, fb0)
        if abs(fa) < abs(fb) { (a, fa, b, fb) = (b, fb, a, fa) }
        var c = a, fc = fa, d = b - a, mflag = true
        for _ in 0..<100 {
            if fb == 0 || abs(b - a) <= 1e-9 * max(1, abs(b)) { return b }
            var s: Double
            if fa != fc && fb != fc {
                s = a * fb * fc / ((fa - fb) * (fa - fc)) + b * fa * fc / ((fb - fa) * (fb - fc)) + c * fa * fb / ((fc - fa) * (fc - fb))
            } else {
                s = b - fb * (b - a) / (fb - fa)
            }
            let tolerance = 1e-9 * max(1, abs(b))
            let outside = (s - (3 * a + b) / 4) * (s - b) >= 0
            if outside || (mflag && abs(s - b) >= abs(b - c) / 2) || (!mflag && abs(s - b) >= abs(c - d) / 2)
                || (mflag && abs(b - c) < tolerance) || (!mflag && abs(c - d) < tolerance) {
                s = (a + b) / 2
                mflag = true
            } else {
                mflag = false
            }
            let fs = try f(s)
            d = c
            c = b
            fc = fb
            if (fa < 0) != (fs < 0) {
                b = s
                fb = fs
            } else {
                a = s
                fa = fs
            }
            if abs(fa) < abs(fb) { (a, fa, b, fb) = (b, fb, a, fa) }
        }
        return b
    }
}

/// Summary statistics of draws.
enum Statistics {
    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        guard values.count > 1 else { return 0 }
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// Quantiles (linear interpolation between closest ranks) by selection rather
    /// than a full sort: a simulation's 100,000 draws cost a few passes, not a sort.
    static func quantiles(_ values: [Double], _ qs: [Double]) -> [Double] {
        guard !values.isEmpty else { return qs.map { _ in .nan } }
        var work = values
        return qs.map { q in
            let position = q * Double(work.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, work.count - 1)
            let a = select(&work, lower), b = upper == lower ? a : select(&work, upper)
            return a + (b - a) * (position - Double(lower))
        }
    }

    /// The k-th smallest value (Hoare's quickselect with a median-of-three pivot).
    private static func select(_ values: inout [Double], _ k: Int) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let middle = (low + high) / 2
            let pivot = Swift.max(Swift.min(values[low], values[middle]), Swift.min(Swift.max(values[low], values[middle]), values[high]))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return values[k] }
        }
        return values[k]
    }

    static func histogram(_ values: [Double], bins: Int) -> [(low: Double, high: Double, count: Int)] {
        guard let low = values.min(), let high = values.max() else { return [] }
        guard high > low else { return [(low, high, values.count)] }
        let width = (high - low) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[min(bins - 1, Int((value - low) / width))] += 1 }
        return (0..<bins).map { (low + Double($0) * width, low + Double($0 + 1) * width, counts[$0]) }
    }
}

/// Numbers in messages from the model (no grouping, up to 6 significant decimals).
enum NumberText {
    static func plain(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String((x * 1e6).rounded() / 1e6)
    }
}
