import Glibc

/// Runs statements against a workspace, keeps what ran for `history` and `save`,
/// and journals every statement as it runs.
public final class Session {
    public internal(set) var workspace = Workspace()
    /// Every top-level statement, in order, for `history` and `save`.
    public internal(set) var entries: [Entry] = []
    public private(set) var timerOn = false
    /// Receives each statement's output as soon as it is ready (nested `run`s included).
    public var emit: (Output) -> Void = { _ in }
    /// Renders an output as plain text for the record (`save … with output`, `kpi check`);
    /// set by the front end, since rendering is not the core's business.
    public var renderForRecord: ((Output) -> String?)?
    /// Writes `export` reports (rendering belongs to the front end): the path and the
    /// session's standing entries; returns what was written, or throws a reason.
    public var exporter: ((String, [Entry]) throws -> String)?
    /// Asked before `save` replaces an existing file (at the prompt); nil refuses unless `save!`.
    public var confirmOverwrite: ((String) -> Bool)?
    /// How `show`, `compare` and `scorecard` print when they say no `as FORMAT` (`--format`).
    public var defaultFormat: OutputFormat = .table
    /// `--safe`: statements may not write files or read outside the script's folder and
    /// the current directory.
    public var safeMode = false
    /// Assumption values replacing those a script defines (`--set`, `run … with`).
    var assumptionOverrides: [String: Expression] = [:]
    /// Workspaces before each change, for `undo`, with the entries the change undid.
    var undoStack: [(workspace: Workspace, entry: Int, undid: [Int])] = []
    /// How many changes `undo` can go back.
    static let undoDepth = 25
    /// Output lines of the statement running now (its nested runs included).
    private var capture: [String] = []
    private var captured: [Output] = []

    private let journal: Journal?
    private let cancellation: CancellationFlag
    /// Folders of the scripts being run, innermost last: relative paths that are
    /// not found in the current directory are looked up next to the script.
    var scriptFolders: [String] = []
    var runDepth = 0
    /// Results kept between statements (period indexes, metric values).
    let cache = EvaluationCache()
    /// Definitions the current statement computed, for the timer's readout.
    var computedCount = 0
    /// The text of the statement being executed, kept with definitions for `explain`.
    private var currentText = ""

    /// One statement as typed, whether it succeeded, and what it printed.
    public struct Entry: Sendable {
        public var text: String
        public var succeeded: Bool
        /// Kept by `save`: it succeeded and is part of the analysis (not `help`, `save` …).
        public var isRecorded: Bool
        /// Its output as plain text lines (when the front end renders for the record).
        public var output: [String] = []
        /// Reverted by `undo` or cleared by `reset`: no longer part of the session.
        public var undone = false
        /// What it produced, typed, for reports.
        public var results: [Output] = []
    }

    public init(journal: Journal? = Journal(), cancellation: CancellationFlag = .shared) {
        self.journal = journal
        self.cancellation = cancellation
    }

    /// Runs the statements in `source` in order, emitting outputs; stops at the
    /// first error (a syntax error included) and returns it, or `.quit` after `quit`.
    /// With `continueAfterErrors` (for `kpi check`), a failing statement is reported
    /// through `emit` as `.failure` and the run goes on.
    @discardableResult
    public func run(_ source: SourceText, record: Bool = true, continueAfterErrors: Bool = false) -> Outcome {
        var parser = Parser(source)
        while true {
            let statement: ParsedStatement
            do {
                guard let next = try parser.next() else { return .completed }
                statement = next
            } catch {
                if record { remember(parser.failedText, succeeded: false, recorded: false) }
                return .failed(Diagnostic(error, in: source))
            }
            let started = ContinuousClock.now
            computedCount = 0
            if runDepth == 0 {
                capture = []
                captured = []
            }
            let snapshot = workspace
            do {
                let output = try execute(statement, in: source)
                if runDepth == 0, statement.statement.changesWorkspace {
                    undoStack.append((snapshot, entries.count, []))
                    // Each snapshot keeps its own copy of what changed: bound the memory.
                    if undoStack.count > Self.undoDepth { undoStack.removeFirst() }
                }
                publish(output)
                if record { remember(statement.text, succeeded: true, recorded: statement.statement.isRecorded) }
                if timerOn, statement.statement.isTimed {
                    emit(.timing(statement: statement.text, seconds: Self.seconds(since: started), computed: computedCount))
                }
                if case .quit = output { return .quit }
            } catch {
                if continueAfterErrors { publish(.failure(error)) }
                if record { remember(statement.text, succeeded: false, recorded: false) }
                guard continueAfterErrors else { return .failed(error) }
            }
        }
    }

    /// Runs one statement already parsed from `source` (workshop replay).
    public func run(statement: ParsedStatement, in source: SourceText) -> Outcome {
        let text = String(repeating: "\n", count: statement.range.start.line - 1)
            + String(repeating: " ", count: statement.range.start.column - 1) + statement.text
        return run(SourceText(name: source.name, text: text))
    }

    /// Emits an output, and keeps its text for the record of the running statement.
    private func publish(_ output: Output) {
        emit(output)
        captured.append(output)
        if let text = renderForRecord?(output) {
            capture += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// How a run ended.
    public enum Outcome: Sendable {
        case completed
        case quit
        case failed(Diagnostic)
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func remember(_ text: String, succeeded: Bool, recorded: Bool) {
        guard runDepth == 0 else { return }
        entries.append(Entry(text: text, succeeded: succeeded, isRecorded: succeeded && recorded, output: capture,
                             results: captured))
        journal?.append(text, succeeded: succeeded)
    }

    /// Runs one statement. The workspace changes only if it succeeds.
    func execute(_ parsed: ParsedStatement, in source: SourceText) throws(Diagnostic) -> Output {
        // `run` reports errors in the file it runs; every other statement in `source`.
        if case .run(let path, let overrides) = parsed.statement { return try runScript(path, with: overrides, from: source) }
        currentText = parsed.text
        if safeMode, parsed.statement.kind.entry.traits.contains(.writesFiles) {
            throw Diagnostic(.refusedUnderSafe(action: parsed.statement.keyword, rule: "may not write files", at: parsed.range),
                             in: source)
        }
        do {
            return try perform(parsed.statement)
        } catch {
            throw Diagnostic(error, in: source)
        }
    }

    private func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .load(let path, let alias): return try load(path, alias: alias)
        case .tables: return .tables(workspace.tables.map(TableSummary.init))
        case .describe(let name):
            let table = try self.table(name)
            return .description(TableSummary(table), ColumnStatistics.of(table))
        case .head(let name, let count): return try head(name, count: count?.value ?? 10)
        case .time(let name, let column): return try time(name, column: column)
        case .grain(let grain):
            guard let grain else { return .message("grain: \(workspace.grain.noun)") }
            workspace.grain = grain.value
            return .message("grain: \(grain.value.noun)")
        case .run: preconditionFailure("run is executed by execute(_:in:)")
        case .save(let path, let withOutput, let overwrite): return try save(to: path, withOutput: withOutput, overwrite: overwrite)
        case .undo: return undo()
        case .export(let path): return try export(to: path)
        case .reset: return reset()
        case .history:
            return .history(entries.map(\.text))
        case .help(let topic): return try help(topic)
        case .timer(let on):
            timerOn = on
            return .message("timer \(on ? "on" : "off")")
        case .quit: return .quit
        case .comment: return .none
        case .metric(let name, let expression, let filter, let style):
            return try define(name, .metric, expression, filter: filter, style: style, text: currentText)
        case .assumption(let name, let expression):
            if let replacement = assumptionOverrides[name.value] {
                return try define(name, .assumption, replacement, filter: nil, style: nil, text: currentText)
            }
            return try define(name, .assumption, expression, filter: nil, style: nil, text: currentText)
        case .key(let names): return try setKeys(names)
        case .explain(let name): return try explain(name)
        case .drop(let name):
            if let dropped = try dropGoalOrObjective(name) { return dropped }
            if let dropped = dropScenario(name) { return dropped }
            return try drop(name)
        case .show(let request): return .view(try view(request))
        case .chart(let request): return .chart(try view(request))
        case .summary: return try summary()
        case .objective(let name, let text): return defineObjective(name, text: text)
        case .goal(let goal): return try defineGoal(goal, text: currentText)
        case .goals: return listGoals()
        case .plan(let metric, let plan): return try definePlan(metric, plan)
        case .scorecard(let objective, let format): return try scorecard(objective, format: format ?? defaultFormat)
        case .catalog(let name): return try catalog(name)
        case .scenario(let name, let overrides): return try defineScenario(name, overrides)
        case .scenarios: return listScenarios()
        case .use(let name): return try use(name)
        case .compare(let scenarios, let metrics, let at, let format):
            return try compare(scenarios, metrics: metrics, at: at, format: format ?? defaultFormat)
        case .solve(let request): return try solve(request)
        case .sensitivity(let metric, let at, let inputs, let step): return try sensitivity(metric, at: at, inputs: inputs, step: step)
        case .simulate(let metric, let at, let runs, let seed): return try simulate(metric, at: at, runs: runs, seed: seed)
        }
    }

    // MARK: Data

    private func table(_ name: Located<String>) throws(KPIError) -> Table {
        guard let table = workspace.table(named: name.value) else {
            let known = workspace.tables.map(\.name)
            throw .unknownTable(name.value, at: name.range, suggestion: Suggestion.closest(to: name.value, in: known), known: known)
        }
        return table
    }

    func load(_ path: Located<String>, alias: Located<String>?) throws(KPIError) -> Output {
        try checkSafeRead(path)
        let resolved = resolve(path.value)
        let name = alias?.value ?? Identifier.tableName(forPath: path.value)
        do {
            let table = try TableLoader.load(path: resolved, displayPath: path.value, name: name, cancellation: cancellation)
            let replaced = workspace.put(table)
            cache.invalidateTable(name)
            return .loaded(TableSummary(workspace.table(named: name)!), replaced: replaced)
        } catch {
            switch error {
            case .cancelled: throw .cancelled(at: path.range)
            case .file(.notFound): throw .file(path: path.value, .notFound(suggestion: PathSuggestion.closest(to: path.value)), at: path.range)
            case .file(let problem): throw .file(path: path.value, problem, at: path.range)
            case .data(let problem): throw .data(path: path.value, problem, at: path.range)
            }
        }
    }

    private func head(_ name: Located<String>, count: Int) throws(KPIError) -> Output {
        let table = try self.table(name)
        let shown = min(count, table.rowCount)
        let rows = (0..<shown).map { row in table.columns.map { $0.value(at: row) } }
        return .rows(RowSet(table: table.name, columns: table.columns.map(\.name), formats: table.columns.map(ValueFormat.init),
                            rows: rows, totalRows: table.rowCount))
    }

    private func time(_ name: Located<String>, column: Located<String>?) throws(KPIError) -> Output {
        let table = try self.table(name)
        guard let column else {
            guard let index = table.timeColumn else { return .message("\(table.name) has no date column") }
            return .message("time: \(table.name).\(table.columns[index].name)")
        }
        guard let index = table.columns.firstIndex(where: { $0.name == column.value }) else {
            throw .unknownColumn(table: table.name, column: column.value, at: column.range,
                                 suggestion: Suggestion.closest(to: column.value, in: table.columns.map(\.name)))
        }
        let type = table.columns[index].type
        guard type == .date || type == .datetime else {
            throw .notATimeColumn(table: table.name, column: column.value, type: type.rawValue, at: column.range)
        }
        workspace.setTimeColumn(index, of: table.name)
        cache.invalidateTable(table.name)
        return .message("time: \(table.name).\(column.value)")
    }

    // MARK: Scripts

    private func help(_ topic: Located<String>?) throws(KPIError) -> Output {
        guard let topic else { return .help(HelpTopics.overviewText) }
        guard let text = HelpTopics.text(for: topic.value) else {
            throw .unknownHelpTopic(topic.value, at: topic.range,
                                    suggestion: Suggestion.closest(to: topic.value, in: HelpTopics.names))
        }
        return .help(text)
    }
}
