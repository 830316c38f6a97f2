/// What a lesson shows the student, typed; KPIRender words it.
public enum LessonEvent: Sendable {
    case narration([String])
    /// The next exercise, numbered from 1.
    case task(number: Int, of: Int, Exercise)
    /// A saved lesson picked up again: how far it had come, and the student's earlier
    /// statements that no longer run (the lesson was changed since).
    case resumed(done: Int, skipped: Int, of: Int, student: String, notReplayed: [String])
    /// A statement the student (or the lesson) typed failed; nothing changed.
    case failure(Diagnostic)
    /// Every check holds.
    case passed(Exercise, [CheckResult])
    /// After a change, the checks as they stand (at least one fails).
    case notYet([CheckResult])
    case hint(number: Int, of: Int, String)
    case noMoreHints(hints: Int)
    case solution(Exercise)
    /// `skip`: the lesson ran the solution so later exercises can build on it.
    case skipped(Exercise)
    case progress(LessonProgress, current: Int?)
    case finished(LessonProgress)
    /// The lesson's own commands (`help`).
    case commands
    /// `quit`: where the progress is (nil when it could not be saved).
    case left(LessonProgress, savedTo: String?)
    /// The progress file could not be written (shown once).
    case progressNotSaved(path: String, reason: String)
    /// An input the lesson does not take, and why (`reset`, `hint hint`, an undo too far).
    case refused(String)
    /// A statement of the lesson itself that reads data failed: the lesson cannot go on.
    case blocked(Diagnostic)
}

/// A lesson being played: the lesson's steps run in a real session, the student's
/// statements checked against the current exercise, and the progress kept and saved
/// after every step. The front end feeds it complete inputs and shows its events.
public final class LessonRun {
    public let lesson: Lesson
    public let session: Session
    public private(set) var progress: LessonProgress
    /// Receives what the lesson shows, in order; statement outputs go to the session's own `emit`.
    public var emit: (LessonEvent) -> Void = { _ in }
    /// Where progress is saved after every step; nil keeps it in memory (tests).
    public let progressPath: String?
    /// The time, in seconds, for time on task (a parameter so tests can drive it).
    private let clock: () -> Double
    private var lastTick: Double
    private var stepIndex = 0
    private var warnedAboutSaving = false
    /// Gaps between inputs count up to five minutes: a student who leaves for lunch has not
    /// spent the hour on the exercise.
    public static let idleLimit = 300.0
    /// The lesson's own commands, typed alone on a line.
    public static let commands = ["hint", "solution", "skip", "progress", "task", "quit", "exit", "help"]

    public init(lesson: Lesson, session: Session, progress: LessonProgress, progressPath: String?, clock: @escaping () -> Double) {
        self.lesson = lesson
        self.session = session
        self.progress = progress.aligned(to: lesson)
        self.progressPath = progressPath
        self.clock = clock
        lastTick = clock()
    }

    /// The exercise being worked on (its index among the exercises), nil once all are done.
    public var current: Int? { progress.current }

    /// `3/8` for the prompt, or nil once the lesson is finished.
    public var position: (number: Int, of: Int)? {
        current.map { ($0 + 1, progress.exercises.count) }
    }

    /// Shows the lesson up to its first open exercise, and saves the progress (so a file
    /// that cannot be written is said at once). A resumed lesson replays, quietly, the
    /// lesson's statements and the student's own up to the last exercise worked on, then
    /// shows the narration before the current exercise and its task again.
    public func start() {
        defer { save() }
        guard let lastWorked = progress.exercises.lastIndex(where: { $0.status != .open || !$0.statements.isEmpty })
            ?? (progress.afterwards.isEmpty ? nil : progress.exercises.count - 1) else { return advance() }
        let shown = session.emit
        session.emit = { _ in }
        var exerciseNumber = 0, lastNarration: [String]?, notReplayed: [String] = []
        var firstOpen: (step: Int, narration: [String]?)?
        steps: for (index, step) in lesson.steps.enumerated() {
            switch step {
            case .narration(let lines): lastNarration = lines
            case .statement(let statement):
                if let diagnostic = run(statement) {
                    session.emit = shown
                    return block(diagnostic)
                }
            case .exercise:
                if exerciseNumber > lastWorked {
                    if firstOpen == nil { firstOpen = (index, lastNarration) }
                    break steps
                }
                let record = progress.exercises[exerciseNumber]
                notReplayed += replay(record.statements)
                if record.status == .open, firstOpen == nil { firstOpen = (index, lastNarration) }
                exerciseNumber += 1
                lastNarration = nil
            }
            if firstOpen?.step != index { ran.insert(index) }
        }
        if firstOpen == nil { notReplayed += replay(progress.afterwards) }
        session.emit = shown
        stepIndex = firstOpen?.step ?? lesson.steps.count
        emit(.resumed(done: progress.exercises.filter { $0.status == .done }.count,
                      skipped: progress.exercises.filter { $0.status == .skipped }.count,
                      of: progress.exercises.count, student: progress.student, notReplayed: notReplayed))
        if let narration = firstOpen?.narration { emit(.narration(narration)) }
        advance()
    }

    /// Runs the student's earlier statements again; returns those that fail now.
    private func replay(_ statements: [String]) -> [String] {
        statements.filter { text in
            if case .failed = session.run(SourceText(name: "<lesson>", text: text)) { return true }
            return false
        }
    }

    /// Runs a statement of the lesson; its error, pointing into the lesson file, if it fails.
    /// The lesson's own statements read the base case, whatever scenario the student has
    /// in `use` (a `use` of the lesson's own is kept).
    private func run(_ statement: LessonStatement) -> Diagnostic? {
        let active = session.workspace.activeScenario
        if statement.kind != .use { session.workspace.activeScenario = nil }
        defer { if statement.kind != .use { session.workspace.activeScenario = active } }
        guard case .failed(let diagnostic) = session.run(statement.source) else { return nil }
        return statement.placed(diagnostic)
    }

    /// A lesson whose data cannot be read cannot be played: said once, and no more input.
    private func block(_ diagnostic: Diagnostic) {
        blocked = diagnostic
        emit(.blocked(diagnostic))
    }

    /// Steps run so far (a resumed lesson runs those up to the last exercise worked on,
    /// which may lie beyond an exercise added since).
    private var ran: Set<Int> = []
    /// Set when a statement of the lesson that reads data failed; the front end stops.
    public private(set) var blocked: Diagnostic?
    /// Changes the student made at the current exercise and has not undone: `undo` goes
    /// back over these only, never into the lesson's own work or earlier exercises.
    private var undoable = 0

    /// Runs the steps from the current one: narration shown, statements run, up to the
    /// next open exercise (or the end).
    private func advance() {
        while stepIndex < lesson.steps.count {
            let index = stepIndex
            if !ran.contains(index) {
                switch lesson.steps[index] {
                case .narration(let lines): emit(.narration(lines))
                case .statement(let statement):
                    if let diagnostic = run(statement) {
                        if [.load, .connect, .attach, .run].contains(statement.kind) {
                            ran.insert(index)
                            return block(diagnostic)
                        }
                        emit(.failure(diagnostic))
                    }
                case .exercise(let exercise):
                    if let number = progress.exercises.firstIndex(where: { $0.name == exercise.name }),
                       progress.exercises[number].status == .open {
                        undoable = 0
                        emit(.task(number: number + 1, of: progress.exercises.count, exercise))
                        return
                    }
                }
                ran.insert(index)
            }
            stepIndex += 1
        }
        emit(.finished(progress))
    }

    /// Handles one complete input: a lesson command or statements. Returns false after
    /// `quit` (the progress saved).
    @discardableResult
    public func handle(_ text: String) -> Bool {
        guard blocked == nil else { return false }
        tick()
        defer { save() }
        let word = text.trimmingSpaces().lowercased().replacingSemicolon()
        if Self.commands.contains(word) { return command(word) }
        if let refusal = refusal(word) {
            emit(.refused(refusal))
            return true
        }
        if let typo = misspeltCommand(word) {
            emit(.failure(typo))
            return true
        }
        let before = session.entries.count, changes = session.changes
        let outcome = session.run(SourceText(name: "<lesson>", text: text))
        let kept = session.entries[before...].filter(Self.replayed).map(\.text)
        if let current { progress.exercises[current].statements += kept } else { progress.afterwards += kept }
        let changed = session.changes != changes
        if changed { undoable += word == "undo" ? -1 : 1 }
        switch outcome {
        case .quit: return quit()
        case .failed(let diagnostic):
            emit(.failure(diagnostic))
            if let current { progress.exercises[current].attempts += 1 }
            return true
        case .completed:
            judge(attempt: changed && word != "undo")
            return true
        }
    }

    /// Why the lesson does not take an input, if it does not: `reset` (it would empty the
    /// lesson's own work), `undo` with nothing of this exercise to undo, a lesson command
    /// with more after it.
    private func refusal(_ word: String) -> String? {
        if word == "reset" {
            return "reset would take away the lesson's own work too; undo goes back over your changes in this exercise, "
                + "and kpi lesson FILE --restart starts the lesson over"
        }
        if word == "undo", undoable <= 0 {
            return "nothing of this exercise to undo: undo goes back over your own changes in the current exercise only"
        }
        let first = String(word.prefix { $0.isLetter })
        if first != word, Self.commands.contains(first), StatementKind(keyword: first) == nil {
            return "\(first) is a lesson command: type it alone on a line"
        }
        return nil
    }

    /// `hnit` alone on a line: "did you mean 'hint'?" rather than a statement's error
    /// (not an attempt: the student was asking the lesson, not answering).
    private func misspeltCommand(_ word: String) -> Diagnostic? {
        guard !word.isEmpty, word.allSatisfy(\.isLetter), StatementKind(keyword: word) == nil,
              let close = Suggestion.closest(to: word, in: Self.commands) else { return nil }
        let range = SourceRange(start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 1 + word.count))
        return Diagnostic(.unknownStatement(word, at: range, suggestion: close), in: SourceText(name: "<lesson>", text: word))
    }

    /// Statements a resumed lesson runs again: what succeeded and shapes the session —
    /// definitions, undo and reset, and solve (which may save a scenario); not views, nor
    /// what writes files.
    private static func replayed(_ entry: Session.Entry) -> Bool {
        guard entry.succeeded, let kind = entry.kind, !kind.entry.traits.contains(.writesFiles) else { return false }
        if kind == .undo || kind == .reset || kind == .solve { return true }
        return entry.isRecorded && !kind.entry.traits.contains(.view)
    }

    /// Runs the current exercise's checks after a statement: passed moves on; after an
    /// attempt (a change, not an undo), what still fails is shown and counted.
    private func judge(attempt: Bool) {
        guard let current else { return }
        let exercise = lesson.exercises[current]
        let results = session.check(exercise)
        if results.allSatisfy(\.passed) {
            if attempt { progress.exercises[current].attempts += 1 }
            progress.exercises[current].status = .done
            emit(.passed(exercise, results))
            moveOn()
        } else if attempt {
            progress.exercises[current].attempts += 1
            if let failing = results.first(where: { !$0.passed }) { progress.exercises[current].wrong.append(failing.value ?? failing.got) }
            emit(.notYet(results))
        }
    }

    private func command(_ word: String) -> Bool {
        switch word {
        case "quit", "exit": return quit()
        case "progress":
            emit(.progress(progress, current: current))
            return true
        case "help":
            emit(.commands)
            _ = session.run(SourceText(name: "<lesson>", text: "help"))
            return true
        default: break
        }
        guard let current else {
            emit(.finished(progress))
            return true
        }
        let exercise = lesson.exercises[current]
        switch word {
        case "hint":
            let used = progress.exercises[current].hints
            if used < exercise.hints.count {
                progress.exercises[current].hints += 1
                emit(.hint(number: used + 1, of: exercise.hints.count, exercise.hints[used]))
            } else {
                emit(.noMoreHints(hints: exercise.hints.count))
            }
        case "solution":
            progress.exercises[current].sawSolution = true
            emit(.solution(exercise))
        case "skip":
            emit(.skipped(exercise))
            for statement in exercise.solution {
                let before = session.entries.count
                if let diagnostic = run(statement) { emit(.failure(diagnostic)) }
                progress.exercises[current].statements += session.entries[before...].filter(Self.replayed).map(\.text)
            }
            progress.exercises[current].status = .skipped
            moveOn()
        default:
            emit(.task(number: current + 1, of: progress.exercises.count, exercise))
        }
        return true
    }

    /// Past the current exercise, to the next open one.
    private func moveOn() {
        ran.insert(stepIndex)
        stepIndex += 1
        advance()
    }

    /// Leaves the lesson: progress saved, and where.
    public func quit() -> Bool {
        tick()
        let saved = save()
        emit(.left(progress, savedTo: saved ? progressPath : nil))
        return false
    }

    private func tick() {
        let now = clock()
        if let current { progress.exercises[current].seconds += min(max(0, now - lastTick), Self.idleLimit) }
        lastTick = now
    }

    @discardableResult
    private func save() -> Bool {
        guard let progressPath else { return false }
        do {
            try progress.save(to: progressPath)
            return true
        } catch {
            if !warnedAboutSaving { emit(.progressNotSaved(path: progressPath, reason: error.reason)) }
            warnedAboutSaving = true
            return false
        }
    }
}

extension String {
    /// `hint;` reads as `hint`.
    fileprivate func replacingSemicolon() -> String {
        hasSuffix(";") ? String(dropLast()).trimmingSpaces() : self
    }
}
