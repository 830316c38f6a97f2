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
    /// `--quiet`: only the results of views (trait `view`) and errors are emitted, not
    /// confirmations of definitions or timings, so output can go straight into a pipe.
    public var quiet = false
    /// How `show`, `compare` and `scorecard` print when they say no `as FORMAT` (`--format`).
    public var defaultFormat: OutputFormat = .table
    /// `--safe`: statements may not write files or read outside the script's folder and
    /// the current directory.
    public var safeMode: Bool {
        get { files.safeMode }
        set { files.safeMode = newValue }
    }
    /// Where statements find files; the folders of the scripts being run.
    var files = FilePolicy()
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
    var runDepth = 0
    /// The scripts being run, outermost first (as written, and their real paths), so a
    /// script that leads back to itself is refused at once.
    var runningScripts: [(name: String, real: String)] = []
    /// Results kept between statements (period indexes, metric values).
    let cache = EvaluationCache()
    /// Definitions the current statement computed, for the timer's readout.
    var computedCount = 0
    /// How many top-level statements changed the workspace (undo and reset included): a
    /// lesson judges an attempt only after one did.
    public private(set) var changes = 0
    /// Changes `undo` could take back, counted without the stack's bound: a lesson marks it
    /// when an exercise starts, so undo never reaches past that mark.
    public internal(set) var undoPosition = 0

    /// One statement as typed, whether it succeeded, and what it printed.
    public struct Entry: Sendable {
        public var text: String
        /// The kind of statement; nil when the text did not parse.
        public var kind: StatementKind?
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
                if record { remember(parser.failedText, kind: nil, succeeded: false) }
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
                    changes += 1
                    undoPosition += 1
                    undoStack.append((snapshot, entries.count, []))
                    // Each snapshot keeps its own copy of what changed: bound the memory.
                    if undoStack.count > Self.undoDepth { undoStack.removeFirst() }
                }
                publish(output, shown: !quiet || statement.statement.kind.entry.traits.contains(.view))
                if record { remember(statement.text, kind: statement.statement.kind, succeeded: true) }
                if timerOn, !quiet, statement.statement.isTimed {
                    emit(.timing(statement: statement.text, seconds: Self.seconds(since: started), computed: computedCount))
                }
                if case .quit = output { return .quit }
            } catch {
                if continueAfterErrors { publish(.failure(error)) }
                if record { remember(statement.text, kind: statement.statement.kind, succeeded: false) }
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

    /// Emits an output (unless `--quiet` hides it), and keeps its text for the record of
    /// the running statement.
    private func publish(_ output: Output, shown: Bool = true) {
        if shown { emit(output) }
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

    private func remember(_ text: String, kind: StatementKind?, succeeded: Bool) {
        guard runDepth == 0 else { return }
        let recorded = succeeded && kind?.entry.traits.contains(.recorded) == true
        // A password typed in a connect statement is kept by the connection alone.
        entries.append(Entry(text: Secrets.redacted(text), kind: kind, succeeded: succeeded, isRecorded: recorded, output: capture,
                             results: captured))
        journal?.append(text, succeeded: succeeded)
    }

    /// Runs one statement. The workspace changes only if it succeeds.
    func execute(_ parsed: ParsedStatement, in source: SourceText) throws(Diagnostic) -> Output {
        let statement = parsed.statement
        if safeMode, !statement.kind.entry.traits.isDisjoint(with: [.writesFiles, .networked]) {
            let rule = statement.kind.entry.traits.contains(.networked) ? "may not reach the network" : "may not write files"
            throw Diagnostic(.refusedUnderSafe(action: statement.keyword, rule: rule, at: parsed.range), in: source)
        }
        // `run` reports errors in the file it runs; every other statement in `source`.
        if case .run(let path, let overrides) = statement { return try runScript(path, with: overrides, from: source) }
        do {
            return try perform(statement, text: parsed.text)
        } catch {
            throw Diagnostic(error, in: source)
        }
    }

    /// Hands the statement to its family's handler on a copy of the workspace, and
    /// keeps the copy when it succeeds; the session's own statements run here.
    private func perform(_ statement: Statement, text: String) throws(KPIError) -> Output {
        let context = StatementContext(workspace: workspace, cache: cache, files: files, text: text, defaultFormat: defaultFormat,
                                       cancellation: cancellation, assumptionOverrides: assumptionOverrides)
        defer { computedCount += context.work.definitions }
        cache.beginStatement()
        workspace.databases.cancellation = cancellation
        switch statement.kind.entry.family {
        case .data: return try commit(DataStatements(context: context), statement)
        case .databases: return try commit(DatabaseStatements(context: context), statement)
        case .metrics: return try commit(MetricStatements(context: context), statement)
        case .goals: return try commit(GoalStatements(context: context), statement)
        case .whatIf: return try commit(WhatIfStatements(context: context), statement)
        case .notebook, .shell: return try performOwn(statement)
        }
    }

    private func commit(_ handler: some StatementHandler, _ statement: Statement) throws(KPIError) -> Output {
        var handler = handler
        let output = try handler.perform(statement)
        workspace = handler.context.workspace
        return output
    }

    /// The statements about the session itself: its record, undo, the timer, help.
    private func performOwn(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .save, .export:
            return try NotebookStatements(standing: entries.filter { $0.isRecorded && !$0.undone }, files: files, exporter: exporter,
                                          confirmOverwrite: confirmOverwrite).perform(statement)
        case .undo:
            if runDepth == 0 { changes += 1 }
            return undo()
        case .reset:
            if runDepth == 0 { changes += 1 }
            return reset()
        case .history: return .history(entries.map(\.text))
        case .help(let topic): return try help(topic)
        case .timer(let on):
            timerOn = on
            return .message("timer \(on ? "on" : "off")")
        case .quit: return .quit
        case .comment: return .none
        default: preconditionFailure("\(statement.keyword) has a handler of its own")
        }
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
