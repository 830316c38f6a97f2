/// What a statement handler works on. The workspace is a copy: the session keeps
/// it only when the statement succeeds, so a failing statement changes nothing.
struct StatementContext {
    var workspace: Workspace
    /// Results kept between statements (period indexes, metric values).
    let cache: EvaluationCache
    /// Where files are looked for, and what `--safe` allows reading.
    let files: FilePolicy
    /// The statement as written, kept with definitions for `explain`.
    let text: String
    /// How `show`, `compare` and `scorecard` print without `as FORMAT` (`--format`).
    let defaultFormat: OutputFormat
    /// Set by Ctrl-C; long loads stop when they see it.
    let cancellation: CancellationFlag
    /// Assumption values replacing those a script defines (`--set`, `run … with`).
    let assumptionOverrides: [String: Expression]
    /// Definitions the statement computed, for the timer.
    let work = WorkCount()

    /// An evaluator for the active scenario (the base case when none is in use).
    func evaluator(breakdown: Breakdown? = nil, scenario: Scenario? = nil, sampling: Sampling? = nil) -> Evaluator {
        Evaluator(workspace: workspace, cache: cache, breakdown: breakdown,
                  scenario: scenario ?? workspace.activeScenario.flatMap(workspace.scenario(named:)), sampling: sampling)
    }

    /// A goal's SMART check and status under the active scenario.
    func report(_ goal: Goal) -> GoalReport {
        let evaluator = self.evaluator()
        defer { work.add(evaluator) }
        return GoalCheck(workspace: workspace, evaluator: evaluator).report(goal)
    }
}

/// How many definitions a statement computed (`timer on` prints it). A reference,
/// so that reading a value can count without making every reader mutating.
final class WorkCount {
    private(set) var definitions = 0

    func add(_ evaluator: Evaluator) { definitions += evaluator.computed.count }
    func add(_ count: Int) { definitions += count }
}

/// A family of statements (data, metrics, goals, what-if, notebook): it executes
/// its statements on a context and returns what they produced, typed.
protocol StatementHandler {
    var context: StatementContext { get set }
    /// Executes one statement of the family.
    mutating func perform(_ statement: Statement) throws(KPIError) -> Output
}

extension StatementHandler {
    var workspace: Workspace {
        get { context.workspace }
        set { context.workspace = newValue }
    }

    var cache: EvaluationCache { context.cache }

    func evaluator(breakdown: Breakdown? = nil, scenario: Scenario? = nil, sampling: Sampling? = nil) -> Evaluator {
        context.evaluator(breakdown: breakdown, scenario: scenario, sampling: sampling)
    }

    func report(_ goal: Goal) -> GoalReport { context.report(goal) }

    /// The table a name refers to, or an error with "did you mean".
    func table(_ name: Located<String>) throws(KPIError) -> Table {
        guard let table = workspace.table(named: name.value) else {
            let known = workspace.tables.map(\.name)
            throw .unknownTable(name.value, at: name.range, suggestion: Suggestion.closest(to: name.value, in: known), known: known)
        }
        return table
    }

    /// The metric or assumption a name refers to, or an error with "did you mean".
    func definition(_ name: Located<String>) throws(KPIError) -> Definition {
        guard let definition = workspace.definitions[name.value] else {
            throw .unknownName(name.value, at: name.range, suggestion: Suggestion.closest(to: name.value, in: workspace.definitionNames))
        }
        return definition
    }

    /// The scenario a name refers to (`base` is the case without overrides).
    func scenario(_ name: Located<String>) throws(KPIError) -> Scenario {
        if name.value == "base" { return Scenario(name: "base", overrides: []) }
        guard let scenario = workspace.scenario(named: name.value) else {
            throw .unknownScenario(name.value, at: name.range,
                                   suggestion: Suggestion.closest(to: name.value, in: workspace.scenarios.map(\.name) + ["base"]))
        }
        return scenario
    }
}
