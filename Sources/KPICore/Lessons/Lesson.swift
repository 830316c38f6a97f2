/// A lesson (`kpi lesson FILE`): narration, statements the lesson runs itself, and
/// exercises the student answers by typing statements, in the order of the file.
public struct Lesson: Sendable {
    /// The first line of narration (the file's name when it has none).
    public var title: String
    /// The file as named on the command line: diagnostics point into it.
    public var path: String
    public var steps: [Step]
    /// The whole file, for diagnostics that quote an exercise's line.
    public var source: SourceText

    /// One step of a lesson, in file order.
    public enum Step: Sendable {
        /// Comment lines shown to the student (`#` and one space dropped); an empty
        /// line separates paragraphs.
        case narration([String])
        /// A statement the lesson runs itself, its output shown.
        case statement(LessonStatement)
        case exercise(Exercise)
    }

    public var exercises: [Exercise] {
        steps.compactMap { if case .exercise(let exercise) = $0 { exercise } else { nil } }
    }
}

/// A statement written in a lesson file, kept so that it runs with its place in the
/// file: an error in it points at the lesson's line and column.
public struct LessonStatement: Sendable {
    /// The statement as written, without comments (for `solution` to show).
    public var text: String
    /// The statement padded to its line and column in the lesson file, to run.
    public var source: SourceText
    /// The lines of the file it is on, as written, for its errors to quote.
    public var original: SourceText
    /// What kind of statement it is (the first, when a line holds several).
    public var kind: StatementKind

    /// Whether the lesson cannot go on when this statement fails: it reads the data the
    /// rest of the lesson is about.
    public var readsData: Bool { [.load, .connect, .attach, .run].contains(kind) }

    /// Runs the statement in `session`, in the base case whatever scenario the student has
    /// in `use` (a `use` of the lesson's own is kept); its error, placed in the lesson file.
    func run(in session: Session) -> Diagnostic? {
        let active = session.workspace.activeScenario
        if kind != .use { session.workspace.activeScenario = nil }
        defer { if kind != .use { session.workspace.activeScenario = active } }
        guard case .failed(let diagnostic) = session.run(source) else { return nil }
        return placed(diagnostic)
    }

    /// An error of this statement quoting the lesson's own lines (not the padding that
    /// put the statement in its place, which hides a solution's `solution` keyword).
    func placed(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.source.name == source.name, diagnostic.source.firstLine == source.firstLine else { return diagnostic }
        var placed = Diagnostic(diagnostic.error, in: original)
        placed.calledFrom = diagnostic.calledFrom
        return placed
    }
}

/// `exercise NAME "task" … end`: what the student is asked, the hints given one at a
/// time, the checks that must all hold, and the author's solution.
public struct Exercise: Sendable {
    public var name: String
    public var task: String
    public var hints: [String]
    public var checks: [ExerciseCheck]
    public var solution: [LessonStatement]
    /// The `exercise` line, for the author's check to point at.
    public var range: SourceRange
}

/// One `expect` line of an exercise.
public struct ExerciseCheck: Sendable {
    public enum Kind: Sendable {
        /// `expect cac at 2026-10 = 66.45 within 0.5%`: a metric's value (at its latest
        /// period with data without `at`) compared with a target.
        case value(Located<String>, at: Located<Period>?, Target)
        /// `expect cac defined`, `expect goal g defined`: a name exists (as that kind).
        case defined(Located<String>, as: NameKind?)
        /// `expect cac uses growth, new_customers`: the definition, or one it reads,
        /// calls these functions or reads these names.
        case uses(Located<String>, [Located<String>])
        /// `expect goal g passes S, M, T`: those SMART letters get ✓.
        case passes(goal: Located<String>, letters: [String])
        /// `expect compare bigger on customers >= +10%`: the scenario's value against the
        /// base case's, as a relative change (`%`) or an amount.
        case effect(scenario: Located<String>, metric: Located<String>, at: Located<Period>?, Target, relative: Bool)
        /// `expect key count <= 7`.
        case keyCount(Target)
        /// `expect keys have goals`: every key KPI is measured by a goal.
        case keysHaveGoals
    }

    /// What a name must be, in `expect KIND NAME defined`.
    public enum NameKind: String, Sendable, CaseIterable {
        case metric, assumption, goal, objective, scenario, table

        /// `an assumption`, `a metric`.
        var article: String { self == .assumption || self == .objective ? "an" : "a" }
    }

    /// How a value is compared with a check's number.
    public enum Comparison: String, Sendable {
        case equal = "=", atLeast = ">=", atMost = "<=", above = ">", below = "<"
    }

    /// A comparison with a number: `= 66.45` holds within `tolerance` (by default half
    /// a unit of the target's last written digit: `66.45` means 66.445 … 66.455); `>=` and
    /// `<=` hold exactly unless `within` gives them room; `>` and `<` always exactly.
    public struct Target: Sendable, Equatable {
        public var comparison: Comparison
        public var value: Double
        public var tolerance: Double
        /// Written as a percentage (`4.2%`, `+10%`).
        public var percent: Bool

        public func holds(for x: Double) -> Bool {
            guard x.isFinite else { return false }
            switch comparison {
            case .atLeast: return x >= value - tolerance
            case .atMost: return x <= value + tolerance
            case .above: return x > value
            case .below: return x < value
            case .equal: return abs(x - value) <= tolerance
            }
        }
    }

    public var kind: Kind
    /// The check as written after `expect`.
    public var text: String
    public var range: SourceRange
}
