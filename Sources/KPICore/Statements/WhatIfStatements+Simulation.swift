/// simulate, solve on a probability, correlate and correlations: the statements that draw.
extension WhatIfStatements {
    /// `simulate M [at P] [runs N] [seed S] [as FORMAT]`
    mutating func simulate(_ measure: Measure, at: Located<Period>?, runs: Int, seed: UInt64,
                           format: OutputFormat?) throws(KPIError) -> Output {
        let definition = try self.definition(measure.metric)
        let (sampling, period) = try plan(measure, at: at?.value, runs: runs, seed: seed)
        let draws = try self.draws(measure, sampling, scenario: nil)
        let targets = goals(on: measure, window: sampling.window).compactMap { goal in
            report(goal).target.map { (goal: goal, target: $0) }
        }
        // The summary sorts the draws and the achieved correlations rank the inputs: both at once.
        var summary: SimulationSummary?, correlations: [CorrelationReading] = []
        let parts = Parallel.map(2) { part -> (SimulationSummary?, [CorrelationReading]) in
            part == 0 ? (SimulationSummary(draws: draws, goals: targets), []) : (nil, sampling.achievedCorrelations())
        }
        (summary, correlations) = (parts[0].0, parts[1].1)
        guard let summary else {
            throw .invalidExpression("\(measure.label) has no value in any run", at: measure.range, help: "explain \(measure.metric.value)")
        }
        var view = SimulationView(metric: measure.label, unit: definition.unit, period: period, runs: runs, seed: seed,
                                  mean: summary.mean, sd: summary.sd, percentiles: summary.percentiles,
                                  histogram: summary.histogram, goals: summary.goals)
        view.correlations = correlations
        if let format, format != .table {
            let inputs = workspace.definitionOrder.filter { sampling.made($0) != nil }
            view.draws = DrawTable(columns: inputs + [measure.label], values: inputs.map { sampling.made($0)! } + [draws], format: format)
        }
        return .simulation(view)
    }

    /// The goals a simulation reports P(met) for: on the metric itself, or on its total
    /// over the periods simulated.
    private func goals(on measure: Measure, window: Range<Int>) -> [Goal] {
        workspace.goals.filter { goal in
            guard goal.metric == measure.metric.value, !goal.isDraft else { return false }
            guard measure.total != nil else { return goal.statement.total == nil }
            guard let goalSpan = goal.statement.total, let deadline = goal.statement.deadline?.value else { return false }
            return GoalCheck.ordinals(of: goalSpan, deadline: deadline, grain: workspace.grain) == window
        }
    }

    /// The sampling for a simulation of `measure`: the periods it reads (the total's, or the
    /// one `at` names, by default the latest with data), with correlated inputs drawn.
    func plan(_ measure: Measure, at: Period?, runs: Int, seed: UInt64) throws(KPIError) -> (Sampling, Period?) {
        let base = evaluator()
        let value = try base.value(of: measure.metric.value, at: measure.metric.range)
        context.work.add(base)
        var window: Range<Int>, period: Period?
        if let span = measure.total {
            guard case .series(let series) = value else {
                throw .invalidExpression("total() adds a value over time, and \(measure.metric.value) is one number",
                                         at: measure.range, help: "a path (let budget = 80k from 2027-01) makes it one over time")
            }
            let grain = workspace.grain
            let first = span.from.map { Period(containing: $0.firstDay, grain: grain).ordinal } ?? series.start
            let last = span.to.map { Period(containing: $0.lastDay, grain: grain).ordinal } ?? series.end - 1
            window = first..<(max(first, last) + 1)
        } else {
            period = value.reading(at: at).1
            let ordinal = period?.ordinal ?? 0
            window = ordinal..<(ordinal + 1)
        }
        guard window.count * runs <= Self.maxDrawnValues else {
            throw .invalidExpression("\(NumberFormat.count(runs)) runs over \(NumberFormat.count(window.count)) periods is more than "
                                     + "\(NumberFormat.count(Self.maxDrawnValues)) values a step", at: measure.range,
                                     help: "fewer runs, or a coarser grain")
        }
        let sampling = Sampling(runs: runs, seed: seed, window: window)
        for group in try correlatedGroups(base) { sampling.correlate(group) }
        return (sampling, period)
    }

    /// Runs × periods a simulation may hold per step of the model (400 MB of doubles).
    static let maxDrawnValues = 50_000_000

    /// Each run's value of `measure` under `sampling` (and a scenario, for a solve's trials).
    func draws(_ measure: Measure, _ sampling: Sampling, scenario: Scenario?) throws(KPIError) -> [Double] {
        let evaluator = self.evaluator(scenario: scenario, sampling: sampling)
        defer { context.work.add(evaluator) }
        var value = try evaluator.value(of: measure.metric.value, at: measure.metric.range)
        if let span = measure.total { value = try evaluator.total(value, over: span, at: measure.range) }
        switch value {
        case .samples(let draws): return Array(draws.period(draws.periods - 1))
        case let other: return [Double](repeating: other.reading(at: nil).0, count: sampling.runs)
        }
    }

    // MARK: solve on a probability

    /// `solve X for P(M >= T) = p`: Brent's method on the share of runs that meet the
    /// target, every trial on the same draws, to a relative 1e-6 of X.
    mutating func solveProbability(_ request: SolveRequest) throws(KPIError) -> Output {
        let (input, metric, solved) = try solvable(request)
        let sought = request.probability!
        let (sampling, period) = try plan(request.metric, at: request.at?.value, runs: sought.runs, seed: sought.seed)
        var comparison = GoalStatement()
        comparison.comparison = sought.comparison
        let goal = Goal(name: "", statement: comparison, text: "")
        var evaluations = 0
        func share(_ x: Double) throws(KPIError) -> Double {
            evaluations += 1
            let runs = try draws(request.metric, sampling, scenario: varying(solved.override(x)))
            return Double(runs.filter { goal.isMet(by: $0, target: request.target) }.count) / Double(runs.count)
        }
        let root = try Solver.solve({ (x: Double) throws(KPIError) -> Double in try share(x) - sought.probability },
                                    start: solved.start, between: request.between, tolerance: 1e-6)
        let chance = "P(\(request.metric.label) \(sought.comparison) \(NumberFormat.plain(request.target)))"
        guard case .found(let x) = root else {
            if case .noSignChange(let low, let high, let lowest, let highest) = root {
                throw .invalidExpression("no value of \(input.name) in \(NumberFormat.plain(low)) … \(NumberFormat.plain(high)) gives "
                                         + "\(chance) = \(NumberFormat.percent(sought.probability)); there it is from "
                                         + "\(NumberFormat.percent(lowest + sought.probability)) to "
                                         + "\(NumberFormat.percent(highest + sought.probability))",
                                         at: request.metric.range, help: "try a wider range (between LOW and HIGH) or a lower probability")
            }
            throw .invalidExpression("\(request.metric.label) cannot be simulated over the values tried", at: request.metric.range, help: nil)
        }
        let achieved = try share(x)
        let saved = request.scenario.map { save(solved.override(x), as: $0) }
        var result = SolveResult(input: input.name, value: x, baseValue: solved.start, metric: request.metric.label, metricValue: .nan,
                                 target: request.target, period: period, evaluations: evaluations, inputUnit: input.unit,
                                 metricUnit: metric.unit, savedAs: saved, pathScale: solved.scale(x))
        result.probability = ProbabilityReading(comparison: sought.comparison, sought: sought.probability, achieved: achieved,
                                                standardError: (achieved * (1 - achieved) / Double(sought.runs)).squareRoot(),
                                                runs: sought.runs, seed: sought.seed)
        return .solved(result)
    }

    // MARK: correlate

    /// `correlate X, Y RANK`: checked against the other correlations (the whole matrix must
    /// be one some inputs can have) before it is kept.
    mutating func correlate(_ first: Located<String>, _ second: Located<String>, _ rank: Located<Double>) throws(KPIError) -> Output {
        guard first.value != second.value else {
            throw .invalidArgument("an input is always correlated 1 with itself: name two different inputs", at: second.range)
        }
        let evaluator = self.evaluator()
        for name in [first, second] where rank.value != 0 {
            let definition = try self.definition(name)
            guard try marginal(of: definition.name, evaluator) != nil else {
                throw .invalidExpression("correlate pairs uncertain assumptions, and \(name.value) is not one", at: name.range,
                                         help: "make it uncertain first, e.g. let \(name.value) = between(LOW, HIGH) or fit(…, last 12)")
            }
        }
        var correlations = workspace.correlations.filter { !$0.pairs(first.value, second.value) }
        if rank.value != 0 { correlations.append(Correlation(first: first.value, second: second.value, rank: rank.value)) }
        try Self.check(correlations, at: rank.range)
        workspace.correlations = correlations
        let pair = "\(first.value) and \(second.value)"
        guard rank.value != 0 else { return .message("\(pair) are drawn independently") }
        return .message("\(pair): rank correlation \(NumberFormat.plain(rank.value)) in simulate "
                        + "(each keeps its own distribution)")
    }

    func listCorrelations() -> Output {
        guard !workspace.correlations.isEmpty else { return .message("no correlations yet: correlate cpc, close_rate -0.5") }
        let width = workspace.correlations.map { $0.first.count + $0.second.count + 2 }.max() ?? 0
        return .message("rank correlations in simulate:\n" + workspace.correlations.map { pair in
            let names = "\(pair.first), \(pair.second)"
            return "  " + names + String(repeating: " ", count: width - names.count) + "  "
                + (pair.rank >= 0 ? " " : "") + NumberFormat.format(pair.rank, decimals: 2, fixed: true)
        }.joined(separator: "\n"))
    }

    /// Refuses rank correlations no inputs can have together (their matrix is not positive
    /// semi-definite), or that a Gaussian copula cannot give, naming the inputs involved.
    static func check(_ correlations: [Correlation], at range: SourceRange) throws(KPIError) {
        for group in Self.components(correlations) {
            for copula in [false, true] {
                let matrix = Self.matrix(group, correlations, copula: copula)
                guard case .failure(let failure) = CholeskyFactor.factor(matrix) else { continue }
                let names = Array(group.prefix(failure.size))
                let pairs = correlations.filter { names.contains($0.first) && names.contains($0.second) }
                    .map { "\($0.first)–\($0.second) \(NumberFormat.plain($0.rank))" }
                throw .invalidExpression("\(Self.list(names)) cannot have these rank correlations together ("
                                         + pairs.joined(separator: ", ") + "): "
                                         + (copula ? "a Gaussian copula cannot draw them (its correlation matrix is not positive semi-definite)"
                                                   : "no inputs can, the matrix is not positive semi-definite"),
                                         at: range, help: "weaken one of them, e.g. correlate \(names[0]), \(names[1]) 0")
            }
        }
    }

    private static func list(_ names: [String]) -> String {
        names.count <= 2 ? names.joined(separator: " and ") : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// The names correlated with each other, directly or through others, in order of appearance.
    private static func components(_ correlations: [Correlation]) -> [[String]] {
        var groups: [[String]] = []
        for pair in correlations {
            let joined = groups.indices.filter { groups[$0].contains(pair.first) || groups[$0].contains(pair.second) }
            var merged = joined.flatMap { groups[$0] }
            for name in [pair.first, pair.second] where !merged.contains(name) { merged.append(name) }
            for index in joined.reversed() { groups.remove(at: index) }
            groups.append(merged)
        }
        return groups
    }

    /// The group's rank correlations, or (`copula`) the normal scores' correlations that give them.
    private static func matrix(_ names: [String], _ correlations: [Correlation], copula: Bool) -> [[Double]] {
        names.map { a in
            names.map { b in
                guard a != b else { return 1 }
                let rank = correlations.first { $0.pairs(a, b) }?.rank ?? 0
                return copula ? RankCorrelation.normalCorrelation(forRank: rank) : rank
            }
        }
    }

    /// The correlated groups to draw, with each input's distribution under the evaluator's
    /// scenario; an input no longer uncertain is left out.
    private func correlatedGroups(_ evaluator: Evaluator) throws(KPIError) -> [CorrelatedInputs] {
        var uncertain: [String: (String, [Double])] = [:]
        for pair in workspace.correlations {
            for name in [pair.first, pair.second] where uncertain[name] == nil {
                if let marginal = try marginal(of: name, evaluator) { uncertain[name] = marginal }
            }
        }
        let kept = workspace.correlations.filter { uncertain[$0.first] != nil && uncertain[$0.second] != nil }
        var groups: [CorrelatedInputs] = []
        for names in Self.components(kept) {
            guard case .success(let factor) = CholeskyFactor.factor(Self.matrix(names, kept, copula: true)) else { continue }
            let pairs = kept.filter { names.contains($0.first) }.map {
                (first: names.firstIndex(of: $0.first)!, second: names.firstIndex(of: $0.second)!, target: $0.rank)
            }
            groups.append(CorrelatedInputs(names: names, marginals: names.map { uncertain[$0]! }, pairs: pairs, factor: factor))
        }
        return groups
    }

    /// An assumption's distribution, when it is (or its override is) one written directly.
    private func marginal(of name: String, _ evaluator: Evaluator) throws(KPIError) -> (String, [Double])? {
        guard let definition = workspace.definitions[name], definition.kind == .assumption else { return nil }
        let expression = evaluator.scenario?.override(of: name)?.expression ?? definition.expression
        guard case .call(let function, let arguments, let last) = expression.kind, Functions.distributions.contains(function) else {
            return nil
        }
        return try evaluator.distribution(function, arguments, last: last, at: expression.range)
    }
}
