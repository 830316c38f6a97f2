import Glibc

/// Runs statements against a workspace, keeps what ran for `history` and `save`,
/// and journals every statement as it runs.
public final class Session {
    public internal(set) var workspace = Workspace()
    /// Every top-level statement, in order, for `history` and `save`.
    public private(set) var entries: [Entry] = []
    public private(set) var timerOn = false
    /// Receives each statement's output as soon as it is ready (nested `run`s included).
    public var emit: (Output) -> Void = { _ in }

    private let journal: Journal?
    private let cancellation: CancellationFlag
    /// Folders of the scripts being run, innermost last: relative paths that are
    /// not found in the current directory are looked up next to the script.
    private var scriptFolders: [String] = []
    private var runDepth = 0
    /// Results kept between statements (period indexes, metric values).
    let cache = EvaluationCache()
    /// Definitions the current statement computed, for the timer's readout.
    var computedCount = 0
    /// The text of the statement being executed, kept with definitions for `explain`.
    private var currentText = ""

    /// One statement as typed, and whether it succeeded.
    public struct Entry: Sendable {
        public var text: String
        public var succeeded: Bool
        /// Kept by `save`: it succeeded and is part of the analysis (not `help`, `save` …).
        public var isRecorded: Bool
    }

    public init(journal: Journal? = Journal(), cancellation: CancellationFlag = .shared) {
        self.journal = journal
        self.cancellation = cancellation
    }

    /// Runs the statements in `source` in order, emitting outputs; stops at the
    /// first error (a syntax error included) and returns it, or `.quit` after `quit`.
    @discardableResult
    public func run(_ source: SourceText, record: Bool = true) -> Outcome {
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
            do {
                let output = try execute(statement, in: source)
                if record { remember(statement.text, succeeded: true, recorded: statement.statement.isRecorded) }
                emit(output)
                if timerOn, statement.statement.isTimed {
                    emit(.timing(statement: statement.text, seconds: Self.seconds(since: started), computed: computedCount))
                }
                if case .quit = output { return .quit }
            } catch {
                if record { remember(statement.text, succeeded: false, recorded: false) }
                return .failed(error)
            }
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
        entries.append(Entry(text: text, succeeded: succeeded, isRecorded: succeeded && recorded))
        journal?.append(text, succeeded: succeeded)
    }

    /// Runs one statement. The workspace changes only if it succeeds.
    func execute(_ parsed: ParsedStatement, in source: SourceText) throws(Diagnostic) -> Output {
        // `run` reports errors in the file it runs; every other statement in `source`.
        if case .run(let path) = parsed.statement { return try runScript(path, from: source) }
        currentText = parsed.text
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
        case .save(let path): return try save(to: path)
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
        case .scorecard(let objective, let format): return try scorecard(objective, format: format)
        case .catalog(let name): return try catalog(name)
        case .scenario(let name, let overrides): return try defineScenario(name, overrides)
        case .scenarios: return listScenarios()
        case .use(let name): return try use(name)
        case .compare(let scenarios, let metrics, let at, let format):
            return try compare(scenarios, metrics: metrics, at: at, format: format)
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

    private func load(_ path: Located<String>, alias: Located<String>?) throws(KPIError) -> Output {
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

    /// A path as the user wrote it, made usable: `~` expanded; a relative path
    /// missing from the current directory is tried next to the running script.
    func resolve(_ path: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/"), let home = StatePaths.environment("HOME") {
            path = home + path.dropFirst()
        }
        guard !path.hasPrefix("/"), access(path, F_OK) != 0, let folder = scriptFolders.last else { return path }
        let beside = folder + "/" + path
        return access(beside, F_OK) == 0 ? beside : path
    }

    private func runScript(_ path: Located<String>, from source: SourceText) throws(Diagnostic) -> Output {
        guard runDepth < 16 else {
            throw Diagnostic(.invalidArgument("scripts run each other more than 16 deep", at: path.range), in: source)
        }
        let resolved = resolve(path.value)
        let text: String
        do {
            text = try ScriptFile.read(resolved)
        } catch {
            let problem = error == .notFound(suggestion: nil) ? .notFound(suggestion: PathSuggestion.closest(to: path.value)) : error
            throw Diagnostic(.file(path: path.value, problem, at: path.range), in: source)
        }
        let folder = resolved.contains("/") ? String(resolved[..<resolved.lastIndex(of: "/")!]) : "."
        scriptFolders.append(folder)
        runDepth += 1
        defer {
            scriptFolders.removeLast()
            runDepth -= 1
        }
        switch run(SourceText(name: path.value, text: text), record: false) {
        case .completed, .quit:
            return .message("ran \(path.value)")
        case .failed(var diagnostic):
            diagnostic.calledFrom.append("run \"\(path.value)\"")
            throw diagnostic
        }
    }

    private func save(to path: Located<String>) throws(KPIError) -> Output {
        let statements = entries.filter(\.isRecorded).map(\.text)
        let text = ScriptFile.header + "\n" + statements.map { $0 + "\n" }.joined()
        do {
            try ScriptFile.write(text, to: resolveForWriting(path.value))
        } catch {
            throw .writeFailed(path: path.value, reason: error.reason, at: path.range)
        }
        return .message("saved \(statements.count) statement\(statements.count == 1 ? "" : "s") to \(path.value)")
    }

    private func resolveForWriting(_ path: String) -> String {
        if path == "~" || path.hasPrefix("~/"), let home = StatePaths.environment("HOME") { return home + path.dropFirst() }
        return path
    }

    private func help(_ topic: Located<String>?) throws(KPIError) -> Output {
        guard let topic else { return .help(HelpTopics.overviewText) }
        guard let text = HelpTopics.text(for: topic.value) else {
            throw .unknownHelpTopic(topic.value, at: topic.range,
                                    suggestion: Suggestion.closest(to: topic.value, in: HelpTopics.names))
        }
        return .help(text)
    }
}
