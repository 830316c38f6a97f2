/// The author's check of a lesson (`kpi lesson check`): the lesson is played as a
/// student who types every solution, in a fresh session. Every statement of the lesson
/// must run, no exercise may pass before its solution is typed (it would be given away),
/// and every solution must pass its own checks.
public struct LessonAudit: Sendable {
    /// Something wrong with one step of the lesson.
    public struct Finding: Sendable {
        public enum Problem: Sendable {
            /// A statement of the lesson fails, so what follows it cannot be reached.
            case statementFails(Diagnostic)
            /// A statement of an exercise's solution fails.
            case solutionFails(exercise: String, Diagnostic)
            /// After the solution, this check does not hold.
            case checkFails(exercise: String, CheckResult)
            /// Every check already holds before the student types anything.
            case passesBeforeSolution(exercise: String)
        }

        public var problem: Problem
        /// Where it points: the exercise's name, or the failing statement.
        public var range: SourceRange

        /// The finding as an error pointing into the lesson file (a failing statement's
        /// own diagnostic, with the exercise it belongs to).
        public func diagnostic(in lesson: Lesson) -> Diagnostic {
            switch problem {
            case .statementFails(let diagnostic): return diagnostic
            case .solutionFails(let exercise, var diagnostic):
                diagnostic.calledFrom.append("the solution of exercise \(exercise)")
                return diagnostic
            case .checkFails(let exercise, let result):
                return Diagnostic(.invalidExpression("the solution of exercise \(exercise) does not pass this check: "
                                                     + "it finds \(result.got), and the check wants \(result.wanted)", at: range,
                                                     help: "correct the solution or the expect line"),
                                  in: lesson.source)
            case .passesBeforeSolution(let exercise):
                return Diagnostic(.invalidExpression("exercise \(exercise) passes before the student types anything", at: range,
                                                     help: "its checks already hold after the steps before it; expect something the solution adds"),
                                  in: lesson.source)
            }
        }
    }

    public var lesson: Lesson
    public var findings: [Finding] = []
    /// Exercises whose solution passed its checks.
    public var passed = 0
    /// Exercises with no hint (worth a note: a stuck student has only the solution).
    public var withoutHints: [String] = []

    /// Plays `lesson` in `session` (fresh, its outputs not shown) and collects what is wrong.
    public init(_ lesson: Lesson, session: Session) {
        self.lesson = lesson
        for step in lesson.steps {
            switch step {
            case .narration: break
            case .statement(let statement):
                if let diagnostic = statement.run(in: session) {
                    findings.append(Finding(problem: .statementFails(diagnostic), range: diagnostic.error.range))
                }
            case .exercise(let exercise):
                audit(exercise, in: session)
            }
        }
    }

    private mutating func audit(_ exercise: Exercise, in session: Session) {
        if exercise.hints.isEmpty { withoutHints.append(exercise.name) }
        if session.check(exercise).allSatisfy(\.passed) {
            findings.append(Finding(problem: .passesBeforeSolution(exercise: exercise.name), range: exercise.range))
        }
        for statement in exercise.solution {
            if let diagnostic = statement.run(in: session) {
                findings.append(Finding(problem: .solutionFails(exercise: exercise.name, diagnostic), range: diagnostic.error.range))
                return
            }
        }
        let failing = session.check(exercise).filter { !$0.passed }
        if failing.isEmpty { passed += 1 }
        for result in failing {
            findings.append(Finding(problem: .checkFails(exercise: exercise.name, result), range: result.check.range))
        }
    }
}
