/// metric, let, key, explain, drop, show, chart, forecast and summary.
struct MetricStatements: StatementHandler {
    var context: StatementContext

    mutating func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .metric(let name, let expression, let filter, let style):
            return try define(name, .metric, expression, filter: filter, style: style)
        case .assumption(let name, let expression):
            return try define(name, .assumption, context.assumptionOverrides[name.value] ?? expression, filter: nil, style: nil)
        case .key(let names): return try setKeys(names)
        case .explain(let name, let sql): return sql ? try explainSQL(name) : try explain(name)
        case .drop(let name): return try drop(name)
        case .show(let request): return .view(try view(request))
        case .chart(let request): return .chart(try view(request))
        case .forecast(let request): return .forecast(try forecast(request))
        case .explainForecast(let request): return .forecastExplanation(try forecast(request, scoring: true))
        case .summary: return try summary()
        case .metrics: return listDefinitions()
        default: preconditionFailure("\(statement.keyword) is not a metric statement")
        }
    }

    /// Defines (or redefines) a metric or assumption. The new definition is checked
    /// and computed before it replaces the old one, so a failing or cyclic
    /// definition leaves the workspace as it was.
    private mutating func define(_ name: Located<String>, _ kind: Definition.Kind, _ expression: Expression, filter: Expression?,
                                 style: ValueStyle?) throws(KPIError) -> Output {
        if workspace.table(named: name.value) != nil {
            throw .invalidExpression("'\(name.value)' is the name of a table", at: name.range,
                                     help: "choose another name, e.g. \(name.value)_total")
        }
        var definition = Definition(name: name.value, kind: kind, expression: expression, filter: filter, style: style,
                                    text: context.text, tables: Set(workspace.tables.map(\.name)))
        switch style {
        case .percent?: definition.unit = .percent
        case .number?: definition.unit = .number
        case nil: definition.unit = UnitInference(workspace: workspace).unit(ofDefinition: definition)
        }
        if let cycle = workspace.cycle(through: name.value, dependencies: definition.dependencies) {
            throw .cycle(cycle, at: expression.range)
        }
        var candidate = workspace
        let replaced = candidate.definitions[name.value] != nil
        candidate.define(definition)
        let dependents = candidate.dependents(of: name.value)
        cache.invalidate(Set([name.value] + dependents))
        let evaluator = Evaluator(workspace: candidate, cache: cache)
        let value = try evaluator.evaluate(expression, filter: filter)
        cache.store(value, for: name.value, context: candidate.grain.rawValue)
        workspace = candidate
        // Dependents follow the new definition now; an error there shows when they are used.
        for dependent in dependents { _ = try? evaluator.value(of: dependent, at: name.range) }
        context.work.add(1)
        context.work.add(evaluator)
        return .defined(DefinitionSummary(name: name.value, kind: kind, unit: definition.unit, value: value,
                                          dependentsUpdated: dependents.count, replaced: replaced,
                                          fit: try Self.fit(of: definition, evaluator)))
    }

    /// The distribution `let x = fit(…)` fitted, for the messages that name it.
    static func fit(of definition: Definition, _ evaluator: Evaluator) throws(KPIError) -> DistributionFit? {
        guard case .call("fit", let arguments, let last) = definition.expression.kind else { return nil }
        return try evaluator.fitted(arguments, last: last, at: definition.expression.range)
    }

    private mutating func setKeys(_ names: [Located<String>]) throws(KPIError) -> Output {
        for name in names { _ = try definition(name) }
        workspace.keys = names.map(\.value).uniqued()
        var text = "key KPIs: " + workspace.keys.joined(separator: ", ")
        if let warning = keyWarning { text += "\n" + warning }
        let measured = Set(workspace.goals.compactMap(\.metric))
        let idle = workspace.keys.filter { !measured.contains($0) }
        if !workspace.goals.isEmpty, !idle.isEmpty {
            text += "\nnote: no goal measures " + idle.joined(separator: ", ")
                + ": a main KPI should track progress toward a goal"
        }
        return .message(text)
    }

    /// docs/DESIGN.md: about 7 main KPIs; more means no main/secondary split.
    private var keyWarning: String? {
        guard workspace.keys.count > 7 else { return nil }
        return "warning: \(workspace.keys.count) key KPIs is more than 7. A short list of main KPIs keeps attention on "
            + "what decides success; keep the others as secondary metrics."
    }

    /// Drops a goal, objective, scenario or definition, refusing while something uses it.
    private mutating func drop(_ name: Located<String>) throws(KPIError) -> Output {
        if workspace.goal(named: name.value) != nil {
            workspace.goals.removeAll { $0.name == name.value }
            return .message("dropped goal \(name.value)")
        }
        if workspace.objective(named: name.value) != nil {
            let serving = workspace.goals.filter { $0.objective == name.value }.map(\.name)
            guard serving.isEmpty else { throw .hasDependents(name.value, dependents: serving, at: name.range) }
            workspace.objectives.removeAll { $0.name == name.value }
            return .message("dropped objective \(name.value)")
        }
        if workspace.scenario(named: name.value) != nil {
            workspace.scenarios.removeAll { $0.name == name.value }
            if workspace.activeScenario == name.value { workspace.activeScenario = nil }
            return .message("dropped scenario \(name.value)")
        }
        _ = try definition(name)
        let users = workspace.directDependents(of: name.value) + workspace.goals.filter { $0.metric == name.value }.map(\.name)
        if let pair = workspace.correlations.first(where: { $0.first == name.value || $0.second == name.value }) {
            let other = pair.first == name.value ? pair.second : pair.first
            throw .invalidExpression("\(name.value) is correlated with \(other) in simulate", at: name.range,
                                     help: "correlate \(pair.first), \(pair.second) 0 removes the correlation")
        }
        guard users.isEmpty else { throw .hasDependents(name.value, dependents: users, at: name.range) }
        workspace.remove(name.value)
        workspace.plans[name.value] = nil
        cache.invalidate([name.value])
        return .message("dropped \(name.value)")
    }

    private func explain(_ name: Located<String>) throws(KPIError) -> Output {
        if let goal = workspace.goal(named: name.value) {
            return .goals(GoalsView(reports: [report(goal)], notes: [], heading: goal.text))
        }
        let definition = try self.definition(name)
        let evaluator = self.evaluator()
        let value = try? evaluator.value(of: name.value, at: name.range)
        context.work.add(evaluator)
        var reads = definition.columns.map { "\($0.table).\($0.column)" }
        if case .call("count", let arguments, _) = definition.expression.kind, case .name(let table)? = arguments.first?.kind {
            reads.append(table)
        }
        var latest: Period?
        if case .series(let series)? = value, let ordinal = series.lastOrdinalWithData {
            latest = Period(grain: series.grain, ordinal: ordinal)
        }
        var windows: [Int] = []
        definition.expression.visit { node in
            guard case .call("rolling", let arguments, _) = node.kind else { return }
            if arguments.count < 2 { windows.append(3) } else if case .scalar(let n)? = try? evaluator.evaluate(arguments[1]) {
                windows.append(Int(n))
            }
        }
        return .explanation(Explanation(definition: definition, reads: reads, dependsOn: definition.dependencies,
                                        usedBy: workspace.directDependents(of: name.value), value: value, latestPeriod: latest,
                                        isKey: workspace.keys.contains(name.value), rollingWindows: windows,
                                        fit: try? Self.fit(of: definition, evaluator)))
    }

    /// The queries that compute `name` in the databases of attached tables: computing it
    /// sends them, so what is shown is exactly what was sent.
    private func explainSQL(_ name: Located<String>) throws(KPIError) -> Output {
        _ = try definition(name)
        let sentBefore = workspace.databases.sentCount
        let evaluator = self.evaluator()
        evaluator.prefetchRoots = [name.value]
        _ = try evaluator.value(of: name.value, at: name.range)
        context.work.add(evaluator)
        let sent = workspace.databases.sent.suffix(workspace.databases.sentCount - sentBefore).map { SentQuery(connection: $0.connection, sql: $0.sql) }
        return .sql(name: name.value, queries: Array(sent))
    }

    /// Every definition in order with its latest value; one that cannot be computed now shows none.
    private func listDefinitions() -> Output {
        let evaluator = self.evaluator()
        evaluator.prefetchRoots = workspace.definitionOrder
        defer { context.work.add(evaluator) }
        let here = SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))
        return .definitions(workspace.definitionOrder.compactMap { name in
            guard let definition = workspace.definitions[name] else { return nil }
            return DefinitionListing(definition: definition, value: try? evaluator.value(of: name, at: here),
                                     isKey: workspace.keys.contains(name))
        })
    }

    private func summary() throws(KPIError) -> Output {
        guard !workspace.keys.isEmpty else {
            return .message("no key KPIs yet: name the main ones with key, e.g. key cac, new_customers")
        }
        let evaluator = self.evaluator()
        evaluator.prefetchRoots = workspace.keys
        var rows: [KPISummary] = []
        for name in workspace.keys {
            guard let definition = workspace.definitions[name] else { continue }
            let value = try evaluator.value(of: name, at: SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 1)))
            var row = KPISummary(name: name, unit: definition.unit, latestPeriod: nil, latest: .nan, previous: .nan, recent: [])
            switch value {
            case .samples: break
            case .scalar(let x): row.latest = x
            case .series(let series):
                if let last = series.lastOrdinalWithData {
                    row.latestPeriod = Period(grain: series.grain, ordinal: last)
                    row.latest = series.value(ordinal: last)
                    row.previous = series.value(ordinal: last - 1)
                    row.recent = (max(series.start, last - 11)...last).map { series.value(ordinal: $0) }
                }
            }
            rows.append(row)
        }
        context.work.add(evaluator)
        return .summary(rows, warning: keyWarning)
    }

    // MARK: show and chart

    private func view(_ request: ShowRequest) throws(KPIError) -> MetricView {
        let roots = request.items.flatMap { $0.expression.names }
        let breakdown = try request.by.map { (by) throws(KPIError) -> Breakdown in try self.breakdown(by, roots: roots) }
        let evaluator = self.evaluator(breakdown: breakdown)
        evaluator.prefetchRoots = roots
        var values: [(ShowRequest.Item, Quantity, plan: [Int: Double]?)] = []
        for item in request.items {
            let value = try evaluator.evaluate(item.expression)
            var plan: [Int: Double]?
            if item.versusPlan {
                guard case .name(let metric) = item.expression.kind, breakdown == nil else {
                    throw .invalidExpression("vs plan compares a metric, without by", at: item.expression.range,
                                             help: "for example: show new_customers vs plan")
                }
                plan = try PlanSchedule.plan(for: metric, in: workspace, report: report, at: item.expression.range)
            }
            values.append((item, value, plan))
        }
        context.work.add(evaluator)
        let series = values.compactMap { if case .series(let s) = $0.1 { s } else { nil } }
        let planned = values.compactMap(\.plan).flatMap(\.keys)
        let groups = breakdown?.labels ?? [""]
        var periods: [Period] = []
        if !series.isEmpty || !planned.isEmpty {
            let start = (series.map(\.start) + planned).min()!
            periods = try window(start: start, end: (series.map(\.end) + planned.map { $0 + 1 }).max()!, request: request)
        }
        var columns: [MetricView.Column] = []
        for (item, quantity, plan) in values {
            let unit = UnitInference(workspace: workspace).unit(of: item.expression)
            let actual = groups.indices.map { group in
                periods.isEmpty ? [scalarValue(quantity)] : periods.map { period in
                    switch quantity {
                    case .samples: return .nan
                    case .scalar(let x): return x
                    case .series(let s): return s.value(group: s.groups == 1 ? 0 : group, ordinal: period.ordinal)
                    }
                }
            }
            guard let plan else {
                columns.append(MetricView.Column(label: item.label, unit: unit, values: actual))
                continue
            }
            let target = periods.map { plan[$0.ordinal] ?? .nan }
            let (variance, relative) = PlanSchedule.variance(actual: actual[0], plan: target)
            let prefix = values.count == 1 ? "" : item.label + " "
            columns += [MetricView.Column(label: prefix + "plan", unit: unit, values: [target]),
                        MetricView.Column(label: values.count == 1 ? "actual" : item.label, unit: unit, values: actual),
                        MetricView.Column(label: prefix + "variance", unit: unit, values: [variance]),
                        MetricView.Column(label: prefix + "variance %", unit: .percent, values: [relative])]
        }
        let unsplit = breakdown.map { breakdown in tablesRead(by: request.items.map(\.expression)).filter { breakdown.groupings[$0] == nil && breakdown.remoteColumns[$0] == nil } }
        var view = MetricView(grain: workspace.grain, periods: periods, groupColumn: request.by?.value.column, groups: groups,
                              dimension: request.by?.value.text, unsplitTables: unsplit ?? [],
                              columns: columns, format: request.format ?? context.defaultFormat)
        if let clause = request.withForecast {
            guard values.count == 1, breakdown == nil, values[0].plan == nil, case .series(let series) = values[0].1,
                  let (history, last) = Forecaster.history(of: series), history.count >= 3 else {
                throw .invalidExpression("with forecast charts one metric measured in at least 3 periods in a row, "
                                         + "without by or vs plan", at: clause, help: "for example: chart new_customers with forecast")
            }
            if let end = periods.last, end.ordinal < last.ordinal {
                throw .invalidExpression("the chart ends at \(end), before \(last), the last value the forecast starts from",
                                         at: clause, help: "leave out to, or chart up to \(last)")
            }
            view.forecast = Forecaster.forecast(history, lastPeriod: last,
                                                horizon: request.forecastNext ?? max(Forecaster.seasonLength(series.grain), 3),
                                                level: 0.8, method: .auto, fits: cache.forecasts)
        }
        return view
    }

    private func scalarValue(_ quantity: Quantity) -> Double {
        if case .scalar(let x) = quantity { return x }
        return .nan
    }

    /// The periods to show: the data's range cut by `from`, `to` and `last`.
    private func window(start: Int, end: Int, request: ShowRequest) throws(KPIError) -> [Period] {
        let grain = workspace.grain
        var first = start, stop = end
        if let from = request.from {
            first = max(first, Period(containing: from.value.firstDay, grain: grain).ordinal)
        }
        if let to = request.to {
            let lastDay = Period(grain: to.value.grain, ordinal: to.value.ordinal + 1).firstDay - 1
            stop = min(stop, Period(containing: lastDay, grain: grain).ordinal + 1)
        }
        if let last = request.last { first = max(first, stop - last.value) }
        guard first < stop else {
            let range = (request.from ?? request.to).map(\.range) ?? request.items[0].expression.range
            throw .invalidArgument("no periods with data in that range", at: range)
        }
        return (first..<stop).map { Period(grain: grain, ordinal: $0) }
    }

    /// The groups of `by table.column`, or of `by column` over every table that has a text or
    /// bool column of that name. Rows without a value form the group `(none)`, last, as SQL's
    /// GROUP BY keeps NULL: the groups add up to the total.
    private func breakdown(_ by: Located<Dimension>, roots: [String]) throws(KPIError) -> Breakdown {
        let dimension = by.value
        var columns: [(table: Table, column: Column)] = []
        if let tableName = dimension.table {
            let table = try self.table(Located(tableName, by.range))
            guard let column = table.column(named: dimension.column) else {
                throw .unknownColumn(table: table.name, column: dimension.column, at: by.range,
                                     suggestion: Suggestion.closest(to: dimension.column, in: table.columns.map(\.name)))
            }
            columns = [(table, column)]
        } else {
            columns = workspace.tables.compactMap { table in table.column(named: dimension.column).map { (table, $0) } }
            guard !columns.isEmpty else {
                let known = Set(workspace.tables.flatMap { $0.columns.map(\.name) })
                throw .invalidExpression("no table has a column '\(dimension.column)'", at: by.range,
                                         help: KPIError.didYouMean(Suggestion.closest(to: dimension.column, in: known.sorted()))
                                            ?? "by takes a column several tables share, or table.column")
            }
        }
        for (table, column) in columns where column.type != .text && column.type != .bool {
            throw .invalidExpression("by needs a text or bool column; \(table.name).\(column.name) holds \(column.type.rawValue) values",
                                     at: by.range, help: "'describe \(table.name)' shows the text columns")
        }
        // An attached table's groups come from the query that computes the metrics shown:
        // its GROUP BY has every group, so no separate DISTINCT scan is needed.
        var remote: [(table: String, column: String, values: Set<String?>)] = []
        for (table, column) in columns {
            guard let source = table.remote else { continue }
            let planner = RemotePlanner(workspace: workspace, cache: cache, grain: workspace.grain)
            let result = try planner.result(table: table, source: source, dimension: column.name, needing: [], roots: roots, at: by.range)
            remote.append((table.name, column.name, result.groups))
        }
        return Breakdown(dimension: dimension.text, columns: columns.filter { $0.table.remote == nil }.map { ($0.table.name, $0.column.data) },
                         remote: remote)
    }

    /// The tables the metrics of `expressions` aggregate, through the metrics they use
    /// (assumptions are never broken down).
    private func tablesRead(by expressions: [Expression]) -> [String] {
        var tables = Set<String>(), seen = Set<String>()
        var pending = expressions
        while let expression = pending.popLast() {
            expression.visit { node in
                switch node.kind {
                case .column(let table, _): tables.insert(table)
                case .name(let name):
                    if workspace.table(named: name) != nil { tables.insert(name) }
                    if let definition = workspace.definitions[name], definition.kind == .metric, seen.insert(name).inserted {
                        pending.append(definition.expression)
                        if let filter = definition.filter { pending.append(filter) }
                    }
                default: break
                }
            }
        }
        return tables.sorted()
    }
}
