/// What a lesson shows the student, typed; KPIRender words it.
public enum LessonEvent: Sendable {
    case narration([String])
    /// The next exercise, numbered from 1.
    case task(number: Int, of: Int, Exercise)
    /// A saved lesson picked up again: how far it had come, and the student's earlier
    /// statements that no longer run (the lesson was changed since).
    case resumed(done: Int, of: Int, student: String, notReplayed: [String])
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

    /// Shows the lesson up to its first open exercise. A resumed lesson replays what was
    /// done before without showing it (the lesson's statements, and the student's own),
    /// then shows the narration just before the current exercise again.
    public func start() {
        let resuming = progress.exercises.contains { $0.status != .open || !$0.statements.isEmpty }
        guard resuming else { return advance() }
        let shown = session.emit
        session.emit = { _ in }
        var exerciseNumber = 0
        var lastNarration: [String]?
        var notReplayed: [String] = []
        steps: while stepIndex < lesson.steps.count {
            switch lesson.steps[stepIndex] {
            case .narration(let lines): lastNarration = lines
            case .statement(let statement): _ = session.run(statement.source)
            case .exercise:
                let record = progress.exercises[exerciseNumber]
                notReplayed += replay(record.statements)
                if record.status == .open { break steps }
                exerciseNumber += 1
                lastNarration = nil
            }
            stepIndex += 1
        }
        session.emit = shown
        let done = progress.exercises.filter { $0.status != .open }.count
        emit(.resumed(done: done, of: progress.exercises.count, student: progress.student, notReplayed: notReplayed))
        if let lastNarration { emit(.narration(lastNarration)) }
        if let current, stepIndex < lesson.steps.count {
            emit(.task(number: current + 1, of: progress.exercises.count, lesson.exercises[current]))
        } else {
            emit(.finished(progress))
        }
    }

    /// Runs the student's earlier statements again; returns those that fail now.
    private func replay(_ statements: [String]) -> [String] {
        statements.filter { text in
            if case .failed = session.run(SourceText(name: "<lesson>", text: text)) { return true }
            return false
        }
    }

    /// Runs the steps from the current one: narration shown, statements run, up to the
    /// next exercise (or the end).
    private func advance() {
        while stepIndex < lesson.steps.count {
            switch lesson.steps[stepIndex] {
            case .narration(let lines): emit(.narration(lines))
            case .statement(let statement):
                if case .failed(let diagnostic) = session.run(statement.source) { emit(.failure(diagnostic)) }
            case .exercise(let exercise):
                if let index = progress.exercises.firstIndex(where: { $0.name == exercise.name }), progress.exercises[index].status == .open {
                    emit(.task(number: index + 1, of: progress.exercises.count, exercise))
                    return
                }
            }
            stepIndex += 1
        }
        emit(.finished(progress))
    }

    /// Handles one complete input: a lesson command or statements. Returns false after
    /// `quit` (the progress saved).
    @discardableResult
    public func handle(_ text: String) -> Bool {
        tick()
        defer { save() }
        let word = text.trimmingSpaces().lowercased().replacingSemicolon()
        if Self.commands.contains(word) { return command(word) }
        if let typo = misspeltCommand(word) {
            emit(.failure(typo))
            return true
        }
        let before = session.entries.count, changes = session.changes
        let outcome = session.run(SourceText(name: "<lesson>", text: text))
        let added = session.entries[before...]
        if let current {
            progress.exercises[current].statements += added.filter(Self.replayed).map(\.text)
        }
        switch outcome {
        case .quit: return quit()
        case .failed(let diagnostic):
            emit(.failure(diagnostic))
            if let current { progress.exercises[current].attempts += 1 }
            return true
        case .completed:
            judge(changed: session.changes != changes)
            return true
        }
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

    /// Runs the current exercise's checks after a statement: passed moves on; after a
    /// change, what still fails is shown and counted as an attempt.
    private func judge(changed: Bool) {
        guard let current else { return }
        let exercise = lesson.exercises[current]
        let results = session.check(exercise)
        if results.allSatisfy(\.passed) {
            if changed { progress.exercises[current].attempts += 1 }
            progress.exercises[current].status = .done
            emit(.passed(exercise, results))
            stepIndex += 1
            advance()
        } else if changed {
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
                if case .failed(let diagnostic) = session.run(statement.source) { emit(.failure(diagnostic)) }
                progress.exercises[current].statements += session.entries[before...].filter(Self.replayed).map(\.text)
            }
            progress.exercises[current].status = .skipped
            stepIndex += 1
            advance()
        default:
            emit(.task(number: current + 1, of: progress.exercises.count, exercise))
        }
        return true
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
