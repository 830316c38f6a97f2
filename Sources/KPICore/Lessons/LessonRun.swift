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
    case passed([CheckResult])
    /// After an attempt, the checks as they stand (at least one fails).
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
    /// `quit`: where the progress is (nil when it could not be saved), and whether that is
    /// the lesson's default place (else resuming needs `--progress`).
    case left(LessonProgress, savedTo: String?, isDefaultPlace: Bool)
    /// The progress file could not be written (shown once).
    case progressNotSaved(path: String, reason: String)
    /// An input the lesson does not take.
    case refused(LessonRefusal)
    /// A statement of the lesson itself that reads data failed: the lesson cannot go on.
    case blocked(Diagnostic)
}

/// Why a lesson does not take an input.
public enum LessonRefusal: Sendable, Equatable {
    /// `reset` would empty the lesson's own work too.
    case reset
    /// `undo` with none of the student's changes in this exercise left to undo.
    case undoPastExercise
    /// A lesson command with more after it (`hint hint`).
    case commandNotAlone(String)
}

/// A lesson being played: the lesson's steps run in a real session, the student's
/// statements checked against the exercise on screen, and the progress kept and saved
/// after every step. The front end feeds it complete inputs and shows its events.
public final class LessonRun {
    public let lesson: Lesson
    public let session: Session
    public private(set) var progress: LessonProgress
    /// Receives what the lesson shows, in order; statement outputs go to the session's own `emit`.
    public var emit: (LessonEvent) -> Void = { _ in }
    /// Where progress is saved after every step; nil keeps it in memory (tests).
    public let progressPath: String?
    /// Set when a statement of the lesson that reads data failed; the front end stops.
    public private(set) var blocked: Diagnostic?
    /// Gaps between inputs count up to five minutes: a student who leaves for lunch has not
    /// spent the hour on the exercise.
    public static let idleLimit = 300.0
    /// The lesson's own commands, typed alone on a line.
    public static let commands = ["hint", "solution", "skip", "progress", "task", "quit", "exit", "help"]

    /// The time, in seconds, for time on task (a parameter so tests can drive it).
    private let clock: () -> Double
    private var lastTick: Double
    /// Steps run (or, for exercises, done or skipped). A resumed lesson runs those up to
    /// the last exercise worked on, which may lie beyond an exercise added since.
    private var stepsRun: Set<Int> = []
    /// The step the lesson is at: the exercise on screen, or where `advance` goes on from.
    private var stepIndex = 0
    /// The index (among the exercises) of the exercise on screen; nil before the first
    /// task and once the lesson is finished.
    public private(set) var current: Int?
    /// `Session.undoPosition` when the exercise on screen started: undo goes no further back.
    private var undoFloor = 0
    private var warnedAboutSaving = false

    public init(lesson: Lesson, session: Session, progress: LessonProgress, progressPath: String?, clock: @escaping () -> Double) {
        self.lesson = lesson
        self.session = session
        self.progress = progress.aligned(to: lesson)
        self.progressPath = progressPath
        self.clock = clock
        lastTick = clock()
    }

    /// `3/8` for the prompt, or nil once the lesson is finished.
    public var position: (number: Int, of: Int)? {
        current.map { ($0 + 1, progress.exercises.count) }
    }

    // MARK: Steps

    /// Shows the lesson up to its first open exercise, and saves the progress (so a file
    /// that cannot be written is said at once). A resumed lesson first replays what was
    /// done, quietly; the time that takes is not the student's.
    public func start() {
        defer {
            save()
            lastTick = clock()
        }
        if progress.hasWork {
            resume()
        } else {
            advance()
        }
    }

    /// Replays the lesson's statements and the student's own, in file order, up to the
    /// last exercise worked on (the whole lesson, and what came after it, once finished);
    /// then shows the narration before the exercise to do again, and its task.
    private func resume() {
        let finished = progress.current == nil
        let lastWorked = progress.exercises.lastIndex { $0.status != .open || !$0.statements.isEmpty } ?? -1
        let shown = session.emit
        session.emit = { _ in }
        var notReplayed: [String] = []
        var exerciseNumber = 0
        for (index, step) in lesson.steps.enumerated() {
            if !finished, exerciseNumber > lastWorked { break }
            stepIndex = index + 1
            switch step {
            case .narration: stepsRun.insert(index)
            case .statement(let statement):
                stepsRun.insert(index)
                guard let diagnostic = statement.run(in: session), statement.readsData else { continue }
                session.emit = shown
                return block(diagnostic)
            case .exercise:
                let record = progress.exercises[exerciseNumber]
                notReplayed += replay(record.statements)
                if record.status != .open { stepsRun.insert(index) }
                exerciseNumber += 1
            }
        }
        if finished { notReplayed += replay(progress.afterwards) }
        session.emit = shown
        emit(.resumed(done: progress.doneCount, skipped: progress.skippedCount, of: progress.exercises.count,
                      student: progress.student, notReplayed: notReplayed))
        stepIndex = (0..<lesson.steps.count).first { !stepsRun.contains($0) } ?? lesson.steps.count
        if stepIndex > 0, stepIndex < lesson.steps.count, case .narration(let lines) = lesson.steps[stepIndex - 1] {
            emit(.narration(lines))
        }
        advance()
    }

    /// Runs the student's earlier statements again; returns those that fail now.
    private func replay(_ statements: [String]) -> [String] {
        statements.filter { text in
            if case .failed = session.run(SourceText(name: "<lesson>", text: text)) { return true }
            return false
        }
    }

    /// Runs the steps not run yet from the current one: narration shown, statements run,
    /// up to the next open exercise (its task shown) or the end.
    private func advance() {
        while stepIndex < lesson.steps.count {
            let index = stepIndex
            stepIndex += 1
            guard !stepsRun.contains(index) else { continue }
            switch lesson.steps[index] {
            case .narration(let lines):
                stepsRun.insert(index)
                emit(.narration(lines))
            case .statement(let statement):
                stepsRun.insert(index)
                guard let diagnostic = statement.run(in: session) else { continue }
                if statement.readsData { return block(diagnostic) }
                emit(.failure(diagnostic))
            case .exercise(let exercise):
                guard let number = progress.exercises.firstIndex(where: { $0.name == exercise.name }),
                      progress.exercises[number].status == .open else {
                    stepsRun.insert(index)
                    continue
                }
                stepIndex = index
                current = number
                undoFloor = session.undoPosition
                emit(.task(number: number + 1, of: progress.exercises.count, exercise))
                return
            }
        }
        current = nil
        undoFloor = session.undoPosition
        emit(.finished(progress))
    }

    /// Past the exercise on screen (done or skipped), to the next one.
    private func moveOn() {
        stepsRun.insert(stepIndex)
        stepIndex += 1
        advance()
    }

    /// A lesson whose data cannot be read cannot be played: said once, and no more input.
    private func block(_ diagnostic: Diagnostic) {
        blocked = diagnostic
        current = nil
        emit(.blocked(diagnostic))
    }

    // MARK: Input

    /// Handles one complete input (its first line `line` of `source`, for errors): a lesson
    /// command or statements. Returns false after `quit` (the progress saved).
    @discardableResult
    public func handle(_ text: String, source: String = "<lesson>", line: Int = 1) -> Bool {
        guard blocked == nil else { return false }
        tick()
        defer { save() }
        let word = text.trimmingSpaces().lowercased().replacingSemicolon()
        if Self.commands.contains(word) { return command(word) }
        let input = SourceText(name: source, text: text, firstLine: line)
        let statements = (try? Parser.parse(input))?.map(\.statement) ?? []
        if let refusal = refusal(word, statements) {
            emit(.refused(refusal))
            return true
        }
        if let typo = misspeltCommand(word, in: input) {
            emit(.failure(typo))
            return true
        }
        let before = session.entries.count, changes = session.changes
        let outcome = session.run(input)
        let kept = session.entries[before...].filter(Self.replayed).map(\.text)
        if let current { progress.exercises[current].statements += kept } else { progress.afterwards += kept }
        switch outcome {
        case .quit: return quit()
        case .failed(let diagnostic):
            emit(.failure(diagnostic))
            if let current { progress.exercises[current].attempts += 1 }
            return true
        case .completed:
            let onlyUndo = !statements.isEmpty && statements.allSatisfy { $0.kind == .undo }
            judge(attempt: session.changes != changes && !onlyUndo)
            return true
        }
    }

    /// Why the lesson does not take these statements, if it does not: `reset` (it would
    /// empty the lesson's own work), an `undo` that would reach past the changes the student
    /// made in this exercise, a lesson command with more after it.
    private func refusal(_ word: String, _ statements: [Statement]) -> LessonRefusal? {
        var position = session.undoPosition
        for statement in statements {
            switch statement.kind {
            case .reset: return .reset
            case .undo:
                if position <= undoFloor { return .undoPastExercise }
                position -= 1
            default:
                if statement.changesWorkspace { position += 1 }
            }
        }
        let first = String(word.prefix { $0.isLetter })
        if first != word, Self.commands.contains(first), StatementKind(keyword: first) == nil { return .commandNotAlone(first) }
        return nil
    }

    /// `hnit` alone on a line: "did you mean 'hint'?" rather than a statement's error
    /// (not an attempt: the student was asking the lesson, not answering).
    private func misspeltCommand(_ word: String, in input: SourceText) -> Diagnostic? {
        guard !word.isEmpty, word.allSatisfy(\.isLetter), StatementKind(keyword: word) == nil,
              let close = Suggestion.closest(to: word, in: Self.commands) else { return nil }
        let start = SourceLocation(line: input.firstLine, column: 1)
        let range = SourceRange(start: start, end: SourceLocation(line: input.firstLine, column: 1 + word.count))
        return Diagnostic(.unknownStatement(word, at: range, suggestion: close), in: input)
    }

    /// Statements a resumed lesson runs again: what succeeded and shapes the session —
    /// definitions, undo and reset, and solve (which may save a scenario); not views, nor
    /// what writes files.
    private static func replayed(_ entry: Session.Entry) -> Bool {
        guard entry.succeeded, let kind = entry.kind, !kind.entry.traits.contains(.writesFiles) else { return false }
        if kind == .undo || kind == .reset || kind == .solve { return true }
        return entry.isRecorded && !kind.entry.traits.contains(.view)
    }

    /// Runs the exercise's checks after a statement: passed moves on; after an attempt (a
    /// change, not an undo), what still fails is shown and counted.
    private func judge(attempt: Bool) {
        guard let current else { return }
        let results = session.check(lesson.exercises[current])
        if results.allSatisfy(\.passed) {
            if attempt { progress.exercises[current].attempts += 1 }
            progress.exercises[current].status = .done
            emit(.passed(results))
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
                if let diagnostic = statement.run(in: session) { emit(.failure(diagnostic)) }
                progress.exercises[current].statements += session.entries[before...].filter(Self.replayed).map(\.text)
            }
            progress.exercises[current].status = .skipped
            moveOn()
        default:
            emit(.task(number: current + 1, of: progress.exercises.count, exercise))
        }
        return true
    }

    /// Leaves the lesson: progress saved, and where.
    public func quit() -> Bool {
        tick()
        let saved = save()
        let isDefault = progressPath == LessonProgress.defaultPath(for: lesson.path)
        emit(.left(progress, savedTo: saved ? progressPath : nil, isDefaultPlace: isDefault))
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
