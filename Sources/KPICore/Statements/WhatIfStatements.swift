/// scenario, scenarios, use, compare, solve, sensitivity, simulate, correlate, correlations.
struct WhatIfStatements: StatementHandler {
    var context: StatementContext

    mutating func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .scenario(let name, let overrides): return try defineScenario(name, overrides)
        case .scenarios: return listScenarios()
        case .use(let name): return try use(name)
        case .compare(let request):
            if request.from != nil || request.to != nil { return try compareOverPeriods(request) }
            return try compare(request.scenarios, metrics: request.metrics, at: request.at, format: request.format ?? context.defaultFormat)
        case .solve(let request): return request.probability == nil ? try solve(request) : try solveProbability(request)
        case .sensitivity(let metric, let at, let inputs, let step): return try sensitivity(metric, at: at, inputs: inputs, step: step)
        case .simulate(let metric, let at, let runs, let seed, let format):
            return try simulate(metric, at: at, runs: runs, seed: seed, format: format)
        case .correlate(let first, let second, let rank): return try correlate(first, second, rank)
        case .correlations: return listCorrelations()
        default: preconditionFailure("\(statement.keyword) is not a what-if statement")
        }
    }

    /// The active scenario's overrides with `override` added (replacing one of the same name):
    /// what solve and sensitivity vary.
    func varying(_ override: Override) -> Scenario {
        let active = workspace.activeScenario.flatMap(workspace.scenario(named:))?.overrides ?? []
        return Scenario(name: "what-if", overrides: active.filter { $0.name.value != override.name.value } + [override])
    }

    private mutating func defineScenario(_ name: Located<String>, _ overrides: [Override]) throws(KPIError) -> Output {
        guard name.value != "base" else {
            throw .invalidExpression("'base' is the case without overrides", at: name.range, help: "give the scenario another name")
        }
        for (index, override) in overrides.enumerated() {
            if overrides[..<index].contains(where: { $0.name.value == override.name.value }) {
                throw .invalidExpression("\(override.name.value) is replaced twice in this scenario", at: override.name.range,
                                         help: "one override a name: a path covers several periods (\(override.name.value) = … from P to Q)")
            }
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
        context.work.add(trial)
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

    private func listScenarios() -> Output {
        guard !workspace.scenarios.isEmpty else { return .message("no scenarios yet: scenario bigger: budget = budget * 1.2") }
        return .message(workspace.scenarios.map { scenario in
            (scenario.name == workspace.activeScenario ? "* " : "  ") + scenario.name + ": "
                + scenario.overrides.map(\.text).joined(separator: ", ")
        }.joined(separator: "\n"))
    }

    private mutating func use(_ name: Located<String>) throws(KPIError) -> Output {
        if name.value == "base" {
            workspace.activeScenario = nil
            return .message("using the base case")
        }
        _ = try scenario(name)
        workspace.activeScenario = name.value
        return .message("using scenario \(name.value): show, chart, goals and scorecard evaluate under it; use base to return")
    }

    // MARK: compare

    private func compare(_ names: [Located<String>], metrics: [Located<String>], at: Located<Period>?,
                 format: OutputFormat) throws(KPIError) -> Output {
        var scenarios: [Scenario] = []
        for name in names { scenarios.append(try scenario(name)) }
        var values = [[Double]](repeating: [], count: metrics.count), periods = [Period?](repeating: nil, count: metrics.count)
        var units: [MetricUnit] = []
        for metric in metrics { units.append(try definition(metric).unit) }
        var verdicts: [[String]] = workspace.goals.filter { !$0.isDraft }.map { _ in [] }
        for scenario in scenarios {
            let evaluator = Evaluator(workspace: workspace, cache: cache, scenario: scenario.overrides.isEmpty ? nil : scenario)
            for (index, metric) in metrics.enumerated() {
                let (value, period) = try evaluator.value(of: metric.value, at: metric.range).reading(at: at?.value)
                values[index].append(value)
                periods[index] = period
            }
            let check = GoalCheck(workspace: workspace, evaluator: evaluator)
            for (index, goal) in workspace.goals.filter({ !$0.isDraft }).enumerated() {
                verdicts[index].append(check.report(goal).verdict.rawValue)
            }
            context.work.add(evaluator)
        }
        let goals = zip(workspace.goals.filter { !$0.isDraft }, verdicts).map { ($0.name, $1) }
        return .comparison(ComparisonView(scenarios: scenarios.map(\.name), metrics: metrics.map(\.value), units: units,
                                          values: values, periods: periods, goals: goals, format: format))
    }

    /// `compare … from P to Q`: a row per period, a column per metric and scenario.
    private func compareOverPeriods(_ request: CompareRequest) throws(KPIError) -> Output {
        var scenarios: [Scenario] = []
        for name in request.scenarios { scenarios.append(try scenario(name)) }
        var units: [MetricUnit] = []
        for metric in request.metrics { units.append(try definition(metric).unit) }
        var series: [[Quantity]] = []
        for scenario in scenarios {
            let evaluator = Evaluator(workspace: workspace, cache: cache, scenario: scenario.overrides.isEmpty ? nil : scenario)
            var values: [Quantity] = []
            for metric in request.metrics { values.append(try evaluator.value(of: metric.value, at: metric.range)) }
            series.append(values)
            context.work.add(evaluator)
        }
        let grain = workspace.grain
        let known = series.joined().compactMap { value -> Range<Int>? in
            if case .series(let s) = value { s.start..<s.end } else { nil }
        }
        let first = request.from.map { Period(containing: $0.value.firstDay, grain: grain).ordinal } ?? known.map(\.lowerBound).min()
        let last = request.to.map { Period(containing: $0.value.lastDay, grain: grain).ordinal } ?? known.map { $0.upperBound - 1 }.max()
        guard let first, let last, last >= first else {
            throw .invalidArgument("no periods in that range", at: (request.from ?? request.to)!.range)
        }
        let periods = (first...last).map { Period(grain: grain, ordinal: $0) }
        var columns: [MetricView.Column] = []
        for (index, metric) in request.metrics.enumerated() {
            for (column, scenario) in scenarios.enumerated() {
                let values = periods.map { period -> Double in
                    switch series[column][index] {
                    case .scalar(let x): return x
                    case .series(let s): return s.value(ordinal: period.ordinal)
                    case .samples: return .nan
                    }
                }
                columns.append(MetricView.Column(label: request.metrics.count == 1 ? scenario.name : "\(metric.value) \(scenario.name)",
                                                 unit: units[index], values: [values]))
            }
        }
        return .view(MetricView(grain: grain, periods: periods, groupColumn: nil, groups: [""], dimension: nil, unsplitTables: [],
                                columns: columns, format: request.format ?? context.defaultFormat))
    }

    // MARK: solve

    private mutating func solve(_ request: SolveRequest) throws(KPIError) -> Output {
        let (input, metric, solved) = try solvable(request)
        let start = solved.start
        var evaluations = 0
        var period: Period?
        func f(_ x: Double) throws(KPIError) -> Double {
            evaluations += 1
            let evaluator = self.evaluator(scenario: varying(solved.override(x)))
            let (value, at) = try measured(request.metric, evaluator, at: request.at?.value)
            period = at
            return value - request.target
        }
        let root = try Solver.solve(f, start: start, between: request.between)
        let range = request.between.map { "\($0.low) … \($0.high)" } ?? "the values tried"
        guard case .found(let x) = root else {
            if case .noSignChange(let low, let high, let lowest, let highest) = root {
                throw .invalidExpression("no value of \(input.name) in \(NumberFormat.plain(low)) … \(NumberFormat.plain(high)) "
                                         + "brings \(request.metric.label) to \(NumberFormat.plain(request.target)); there it ranges from "
                                         + "\(NumberFormat.plain(lowest + request.target)) to \(NumberFormat.plain(highest + request.target))",
                                         at: request.metric.range, help: "try a wider range: between LOW and HIGH")
            }
            throw .invalidExpression("\(metric.name) cannot be computed over \(range)", at: request.metric.range, help: nil)
        }
        let reached = try f(x) + request.target
        let saved = request.scenario.map { save(solved.override(x), as: $0) }
        return .solved(SolveResult(input: input.name, value: x, baseValue: start, metric: request.metric.label, metricValue: reached,
                                   target: request.target, period: period, evaluations: evaluations, inputUnit: input.unit,
                                   metricUnit: metric.unit, savedAs: saved, pathScale: solved.scale(x)))
    }

    /// What solve varies: an assumption that is a number, or a path (solved for its first
    /// value, every period scaled in proportion).
    struct SolvedInput {
        var name: Located<String>
        var start: Double
        /// The path's first value, when the input is a path.
        var pathStart: Double?

        func scale(_ x: Double) -> Double? { pathStart.map { x / $0 } }

        /// The input set to `x`.
        func override(_ x: Double) -> Override {
            guard let factor = scale(x) else {
                return Override(name: name, expression: Expression(.number(x, percent: false), name.range),
                                text: "\(name.value) = \(NumberFormat.plain(x))")
            }
            let scaled = Expression(.binary("*", Expression(.name(name.value), name.range),
                                            Expression(.number(factor, percent: false), name.range)), name.range)
            return Override(name: name, expression: scaled, text: "\(name.value) = \(name.value) * \(NumberFormat.plain(factor, significant: 9))")
        }
    }

    /// The input and metric of a solve, checked: the metric depends on the input, and the
    /// input is a number or a path.
    func solvable(_ request: SolveRequest) throws(KPIError) -> (Definition, Definition, SolvedInput) {
        let input = try definition(request.input)
        let metric = try definition(request.metric.metric)
        guard workspace.dependents(of: input.name).contains(metric.name) else {
            throw .invalidExpression("\(metric.name) does not depend on \(input.name)", at: request.input.range,
                                     help: "explain \(metric.name) shows what it reads")
        }
        switch try evaluator().value(of: input.name, at: request.input.range) {
        case .scalar(let start): return (input, metric, SolvedInput(name: request.input, start: start))
        case .series(let series) where input.kind == .assumption:
            guard let first = series.values.first(where: { $0.isFinite && $0 != 0 }) else {
                throw .invalidExpression("\(input.name) has no value to scale", at: request.input.range, help: nil)
            }
            return (input, metric, SolvedInput(name: request.input, start: first, pathStart: first))
        default:
            throw .invalidExpression("solve works on an assumption (a number or a path); \(input.name) is a metric over time",
                                     at: request.input.range, help: "let NAME = … defines one")
        }
    }

    /// Saves a solve's answer as a scenario of that one override.
    mutating func save(_ override: Override, as name: Located<String>) -> String {
        workspace.scenarios.removeAll { $0.name == name.value }
        workspace.scenarios.append(Scenario(name: name.value, overrides: [override]))
        return name.value
    }

    /// A measure as one number: the metric at `at` (by default its latest period), or its total.
    func measured(_ measure: Measure, _ evaluator: Evaluator, at period: Period?) throws(KPIError) -> (Double, Period?) {
        let value = try evaluator.value(of: measure.metric.value, at: measure.metric.range)
        guard let span = measure.total else { return value.reading(at: period) }
        return (try evaluator.total(value, over: span, at: measure.range).reading(at: nil).0, nil)
    }

    // MARK: sensitivity

    private func sensitivity(_ measure: Measure, at: Located<Period>?, inputs: [Located<String>], step: Double) throws(KPIError) -> Output {
        let metric = measure.metric
        let definition = try self.definition(metric)
        let (base, period) = try measured(measure, evaluator(), at: at?.value)
        var rows: [SensitivityView.Row] = []
        for input in inputs {
            _ = try self.definition(input)
            guard workspace.dependents(of: input.value).contains(metric.value) else {
                throw .invalidExpression("\(metric.value) does not depend on \(input.value)", at: input.range,
                                         help: "explain \(metric.value) shows what it reads")
            }
            var ends: [Double] = []
            for factor in [1 - step, 1 + step] {
                let scaled = Expression(.binary("*", Expression(.name(input.value), input.range),
                                                Expression(.number(factor, percent: false), input.range)), input.range)
                let evaluator = self.evaluator(scenario: varying(Override(name: input, expression: scaled, text: "")))
                ends.append(try measured(measure, evaluator, at: at?.value).0)
            }
            rows.append(SensitivityView.Row(input: input.value, low: ends[0], high: ends[1]))
        }
        rows.sort { $0.swing > $1.swing }
        return .sensitivity(SensitivityView(metric: measure.label, unit: definition.unit, base: base, step: step, period: period, rows: rows))
    }
}
