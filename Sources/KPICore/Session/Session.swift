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
    /// Renders an output as plain text for the record (`save … with output`, `kpi check`);
    /// set by the front end, since rendering is not the core's business.
    public var renderForRecord: ((Output) -> String?)?
    /// Writes `export` reports (rendering belongs to the front end): the path and the
    /// session's standing entries; returns what was written, or throws a reason.
    public var exporter: ((String, [Entry]) throws -> String)?
    /// Asked before `save` replaces an existing file (at the prompt); nil refuses unless `save!`.
    public var confirmOverwrite: ((String) -> Bool)?
    /// `--safe`: statements may not write files or read outside the script's folder and
    /// the current directory.
    public var safeMode = false
    /// Assumption values replacing those a script defines (`--set`, `run … with`).
    var assumptionOverrides: [String: Expression] = [:]
    /// Workspaces before each change, for `undo`, with the entries the change undid.
    private var undoStack: [(workspace: Workspace, entry: Int, undid: [Int])] = []
    /// How many changes `undo` can go back.
    static let undoDepth = 25
    /// Output lines of the statement running now (its nested runs included).
    private var capture: [String] = []
    private var captured: [Output] = []

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

    private func runScript(_ path: Located<String>, with overrides: [Override], from source: SourceText) throws(Diagnostic) -> Output {
        guard runDepth < 16 else {
            throw Diagnostic(.invalidArgument("scripts run each other more than 16 deep", at: path.range), in: source)
        }
        do {
            try checkSafeRead(path)
        } catch {
            throw Diagnostic(error, in: source)
        }
        let resolved = resolve(path.value)
        let text: String
        do {
            text = try ScriptFile.read(resolved)
        } catch {
            let problem = error == .notFound(suggestion: nil) ? .notFound(suggestion: PathSuggestion.closest(to: path.value)) : error
            throw Diagnostic(.file(path: path.value, problem, at: path.range), in: source)
        }
        let script = SourceText(name: path.value, text: text)
        var replacements: [String: Expression] = [:]
        if !overrides.isEmpty {
            let evaluator = self.evaluator()
            let defined = Self.assumptions(in: script)
            for override in overrides {
                guard defined.contains(override.name.value) else {
                    throw Diagnostic(.invalidExpression("\(path.value) defines no assumption '\(override.name.value)'",
                                                        at: override.name.range,
                                                        help: defined.isEmpty ? "it has no let statements"
                                                            : "its assumptions: " + defined.joined(separator: ", ")), in: source)
                }
                do {
                    let value = try evaluator.evaluate(override.expression)
                    guard case .scalar(let number) = value else { throw KPIError.invalidArgument("", at: override.expression.range) }
                    replacements[override.name.value] = Expression(.number(number, percent: false), override.expression.range)
                } catch {
                    throw Diagnostic(.invalidExpression("\(override.name.value) must be set to a number", at: override.expression.range,
                                                        help: "for example: with \(override.name.value) = 70k"), in: source)
                }
            }
        }
        let folder = resolved.contains("/") ? String(resolved[..<resolved.lastIndex(of: "/")!]) : "."
        scriptFolders.append(folder)
        runDepth += 1
        let saved = assumptionOverrides
        assumptionOverrides.merge(replacements) { _, new in new }
        defer {
            scriptFolders.removeLast()
            runDepth -= 1
            assumptionOverrides = saved
        }
        switch run(script, record: false) {
        case .completed, .quit:
            return .message("ran \(path.value)")
        case .failed(var diagnostic):
            diagnostic.calledFrom.append("run \"\(path.value)\"")
            throw diagnostic
        }
    }

    /// Runs a script file given on the command line: paths in it are also looked up
    /// next to it, as with `run`.
    public func runScript(_ text: String, named path: String, continueAfterErrors: Bool = false) -> Outcome {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        scriptFolders.append(folder)
        defer { scriptFolders.removeLast() }
        return run(SourceText(name: path, text: text), continueAfterErrors: continueAfterErrors)
    }

    /// The names a script defines with `let`, in order: what `--set` and `run … with` may replace.
    public static func assumptions(in script: SourceText) -> [String] {
        var parser = Parser(script)
        var names: [String] = []
        while let statement = try? parser.next() {
            if case .assumption(let name, _) = statement.statement, !names.contains(name.value) { names.append(name.value) }
        }
        return names
    }

    /// Replaces assumptions wherever the scripts run next define them (`kpi F --set NAME=VALUE`).
    public func setAssumptions(_ values: [String: Double]) {
        for (name, value) in values {
            let range = SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))
            assumptionOverrides[name] = Expression(.number(value, percent: false), range)
        }
    }

    private func save(to path: Located<String>, withOutput: Bool, overwrite: Bool) throws(KPIError) -> Output {
        if safeMode {
            throw .invalidArgument("save is refused: this session replays a file with --safe, which may not write files", at: path.range)
        }
        let target = resolveForWriting(path.value)
        if access(target, F_OK) == 0, !overwrite, !(confirmOverwrite?(path.value) ?? false) {
            throw .invalidArgument("\(path.value) already exists; save! \"\(path.value)\" replaces it", at: path.range)
        }
        let kept = entries.filter { $0.isRecorded && !$0.undone }
        let text = Transcript.write(kept.map { ($0.text, withOutput ? $0.output : []) })
        do {
            try ScriptFile.write(text, to: target)
        } catch {
            throw .writeFailed(path: path.value, reason: error.reason, at: path.range)
        }
        return .message("saved \(kept.count) statement\(kept.count == 1 ? "" : "s") to \(path.value)"
                        + (withOutput ? " with their output" : ""))
    }

    private func export(to path: Located<String>) throws(KPIError) -> Output {
        if safeMode {
            throw .invalidArgument("export is refused: this session replays a file with --safe, which may not write files", at: path.range)
        }
        let lower = path.value.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".html") || lower.hasSuffix(".htm") else {
            throw .invalidArgument("export writes .md (Markdown) or .html reports", at: path.range)
        }
        guard let exporter else { throw .invalidArgument("this kpi cannot write reports", at: path.range) }
        do {
            return .message(try exporter(resolveForWriting(path.value), entries.filter { $0.isRecorded && !$0.undone }))
        } catch {
            throw .writeFailed(path: path.value, reason: "\(error)", at: path.range)
        }
    }

    private func undo() -> Output {
        guard let last = undoStack.popLast() else { return .message("nothing to undo") }
        workspace = last.workspace
        cache.invalidateAll()
        if last.entry < entries.count { entries[last.entry].undone = true }
        for index in last.undid { entries[index].undone = false }
        return .message("undid: " + (last.entry < entries.count ? entries[last.entry].text : "the last change"))
    }

    private func reset() -> Output {
        let undid = entries.indices.filter { entries[$0].isRecorded && !entries[$0].undone }
        for index in undid { entries[index].undone = true }
        undoStack.append((workspace, entries.count, undid))
        workspace = Workspace()
        cache.invalidateAll()
        return .message("reset: the workspace is empty (undo brings it back)")
    }

    /// Under `--safe`, a file may only be read from the current directory or the running script's folder.
    func checkSafeRead(_ path: Located<String>) throws(KPIError) {
        guard safeMode else { return }
        let allowed = [currentDirectory()] + scriptFolders.map(absolute)
        let target = absolute(resolve(path.value))
        guard allowed.contains(where: { target.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw .invalidArgument("reading \(path.value) is refused: with --safe a replayed file may read only its own folder and the current directory (run without --safe to allow it)", at: path.range)
        }
    }

    private func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "/" }
        defer { free(path) }
        return String(cString: path)
    }

    /// The path made absolute, with `.` and `..` resolved (without following links).
    private func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory() + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
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
