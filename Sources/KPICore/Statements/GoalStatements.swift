/// objective, goal, goals, plan, scorecard, catalog.
struct GoalStatements: StatementHandler {
    var context: StatementContext

    mutating func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .objective(let name, let text): return defineObjective(name, text: text)
        case .goal(let goal): return try defineGoal(goal)
        case .goals: return listGoals()
        case .plan(let metric, let plan): return try definePlan(metric, plan)
        case .scorecard(let objective, let format): return try scorecard(objective, format: format ?? context.defaultFormat)
        case .catalog(let name): return try catalog(name)
        default: preconditionFailure("\(statement.keyword) is not a goal statement")
        }
    }

    private mutating func defineObjective(_ name: Located<String>, text: String) -> Output {
        workspace.put(Objective(name: name.value, text: text))
        let goals = workspace.goals.filter { $0.objective == name.value }.count
        return .message("objective \(name.value): \(text)"
            + (goals == 0 ? "\nnote: no goal serves it yet; add one with goal NAME: METRIC >= TARGET by PERIOD for \(name.value)" : ""))
    }

    private mutating func defineGoal(_ statement: GoalStatement) throws(KPIError) -> Output {
        if let draft = statement.draft {
            let number = workspace.goals.filter(\.isDraft).count + 1
            let goal = Goal(name: "draft\(number)", statement: statement, text: context.text)
            workspace.put(goal)
            let heading = "goal draft\(number) accepted as a draft: \"\(draft)\" is not SMART yet. A SMART goal names a metric, "
                + "a number and a deadline, and serves an objective, e.g.\n  goal more_customers: new_customers >= 1200 by 2026-12 for grow"
            return .goals(GoalsView(reports: [report(goal)], notes: [], heading: heading))
        }
        guard let name = statement.name, let metric = statement.metric else { return .none }
        guard workspace.definitions[metric.value] != nil else {
            throw .unknownName(metric.value, at: metric.range,
                               suggestion: Suggestion.closest(to: metric.value, in: workspace.definitionNames))
        }
        if let objective = statement.objective, workspace.objective(named: objective.value) == nil {
            throw .unknownObjective(objective.value, at: objective.range,
                                    suggestion: Suggestion.closest(to: objective.value, in: workspace.objectives.map(\.name)))
        }
        if workspace.definitions[name.value] != nil || workspace.objective(named: name.value) != nil {
            throw .invalidExpression("'\(name.value)' already names a metric or objective", at: name.range,
                                     help: "give the goal its own name")
        }
        let goal = Goal(name: name.value, statement: statement, text: context.text)
        workspace.put(goal)
        var notes: [String] = []
        if !workspace.keys.contains(metric.value) {
            notes.append("\(metric.value) is not a key KPI. Goals usually measure the main KPIs; "
                         + "make it one with key \((workspace.keys + [metric.value]).joined(separator: ", "))")
        }
        return .goals(GoalsView(reports: [report(goal)], notes: notes, heading: nil))
    }

    private func listGoals() -> Output {
        guard !workspace.goals.isEmpty else {
            return .message("no goals yet: goal more_customers: new_customers >= 1200 by 2026-12 for grow")
        }
        return .goals(GoalsView(reports: workspace.goals.map(report), notes: practiceNotes, heading: nil))
    }

    /// The classic mistakes of KPI practice, found in the goals as a whole.
    private var practiceNotes: [String] {
        var notes: [String] = []
        for objective in workspace.objectives where !workspace.goals.contains(where: { $0.objective == objective.name }) {
            notes.append("objective \(objective.name) has no goal: an objective is reached through measurable goals")
        }
        let measured = Set(workspace.goals.compactMap(\.metric))
        let unmeasured = workspace.keys.filter { !measured.contains($0) }
        if !unmeasured.isEmpty {
            notes.append("key KPI\(unmeasured.count == 1 ? "" : "s") " + unmeasured.joined(separator: ", ")
                         + " serve\(unmeasured.count == 1 ? "s" : "") no goal: a main KPI should measure progress toward a goal")
        }
        let secondary = workspace.goals.compactMap(\.metric).filter { !workspace.keys.contains($0) }.uniqued()
        if !secondary.isEmpty {
            notes.append("goals on " + secondary.joined(separator: ", ") + ", which " + (secondary.count == 1 ? "is" : "are")
                         + " not a key KPI: the metrics goals measure belong among the main KPIs")
        }
        if workspace.keys.count > 7 {
            notes.append("\(workspace.keys.count) key KPIs is more than 7: split them into main and secondary")
        }
        return notes
    }

    private func scorecard(_ objective: Located<String>?, format: OutputFormat) throws(KPIError) -> Output {
        if let objective, workspace.objective(named: objective.value) == nil {
            throw .unknownObjective(objective.value, at: objective.range,
                                    suggestion: Suggestion.closest(to: objective.value, in: workspace.objectives.map(\.name)))
        }
        let goals = workspace.goals.filter { !$0.isDraft && (objective == nil || $0.objective == objective?.value) }
        let reports = goals.map(report)
        return .scorecard(Scorecard(objective: objective?.value, reports: reports, score: GoalScore.weighted(reports), format: format))
    }

    // MARK: Plans

    private mutating func definePlan(_ metric: Located<String>, _ plan: PlanStatement) throws(KPIError) -> Output {
        _ = try definition(metric)
        let grain = workspace.grain
        var values: [Int: Double] = [:]
        switch plan {
        case .values(let list, let from):
            let first = Period(containing: from.firstDay, grain: grain).ordinal
            for (offset, value) in list.enumerated() { values[first + offset] = value }
        case .toGoal(let name, let growth):
            guard let goal = workspace.goal(named: name.value), goal.metric == metric.value else {
                throw .invalidExpression("no goal '\(name.value)' on \(metric.value)", at: name.range,
                                         help: "goals on it: " + workspace.goals.filter { $0.metric == metric.value }.map(\.name)
                                            .joined(separator: ", "))
            }
            values = try PlanSchedule.toGoal(goal, report: report(goal), growth: growth, at: name.range)
        }
        workspace.plans[metric.value] = Plan(grain: grain, values: values)
        let periods = values.keys.sorted()
        guard let first = periods.first, let last = periods.last else { return .message("plan for \(metric.value): no periods") }
        return .message("plan for \(metric.value): \(periods.count) \(grain.noun)\(periods.count == 1 ? "" : "s"), "
            + "\(Period(grain: grain, ordinal: first)) to \(Period(grain: grain, ordinal: last))")
    }

    // MARK: Catalog

    private func catalog(_ name: Located<String>?) throws(KPIError) -> Output {
        guard let name else { return .catalog(CatalogView(entries: CatalogEntry.all, statement: nil, missing: [])) }
        guard let entry = CatalogEntry.all.first(where: { $0.name == name.value }) else {
            throw .unknownCatalogEntry(name.value, at: name.range,
                                       suggestion: Suggestion.closest(to: name.value, in: CatalogEntry.all.map(\.name)))
        }
        let (statement, missing) = entry.statement(for: workspace.tables)
        return .catalog(CatalogView(entries: [entry], statement: statement, missing: missing))
    }
}

