/// An exercise's check run on the student's session: whether it holds, what the
/// session has and what the check wants — worded without the solution's statement.
public struct CheckResult: Sendable {
    public var check: ExerciseCheck
    public var passed: Bool
    /// What the session has: `66.45`, `not defined`, `S, M ✓ · A ✗`.
    public var got: String
    /// What the check wants: `= 66.45 ± 0.005`, `uses growth`.
    public var wanted: String
    /// For `goal G passes …`: the goal's letters, so their reasons can be shown.
    public var letters: [GoalReport.Letter] = []
    /// The value alone (`279`), for a value check: what the class report counts as a wrong answer.
    public var value: String?
}

extension Session {
    /// Runs an exercise's checks on the session as it stands, in order.
    public func check(_ exercise: Exercise) -> [CheckResult] {
        let checker = ExerciseChecker(workspace: workspace, cache: cache)
        return exercise.checks.map(checker.run)
    }
}
