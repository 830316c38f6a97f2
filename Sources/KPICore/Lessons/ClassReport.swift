/// The trainer's view of a class (`kpi lesson report FOLDER`): the students' progress
/// files for one lesson, summed up per exercise.
public struct ClassReport: Sendable {
    public var lesson: String
    /// The progress files read for this lesson.
    public var students: Int
    public var rows: [Row]

    /// One exercise across the class.
    public struct Row: Sendable, Equatable {
        public var exercise: String
        /// Students who got to it (worked on it, or finished or skipped it).
        public var reached: Int
        public var finished: Int
        public var skipped: Int
        /// Means over the students who reached it.
        public var attempts: Double
        public var hints: Double
        /// How many looked at the solution.
        public var solutions: Int
        /// The median time on task of those who finished it; nil when none did.
        public var medianSeconds: Double?
        /// The wrong answer given most often (by the most students; ties by first seen),
        /// and by how many students.
        public var commonWrong: (value: String, students: Int)?

        public static func == (a: Row, b: Row) -> Bool {
            a.exercise == b.exercise && a.reached == b.reached && a.finished == b.finished && a.skipped == b.skipped
                && a.attempts == b.attempts && a.hints == b.hints && a.solutions == b.solutions && a.medianSeconds == b.medianSeconds
                && a.commonWrong?.value == b.commonWrong?.value && a.commonWrong?.students == b.commonWrong?.students
        }
    }

    /// One report per lesson title found, in the order first seen; exercises in the
    /// order of the first file that has them.
    public static func reports(_ records: [LessonProgress]) -> [ClassReport] {
        var titles: [String] = []
        for record in records where !titles.contains(record.lesson) { titles.append(record.lesson) }
        return titles.map { title in
            let group = records.filter { $0.lesson == title }
            var names: [String] = []
            for record in group {
                for exercise in record.exercises where !names.contains(exercise.name) { names.append(exercise.name) }
            }
            return ClassReport(lesson: title, students: group.count, rows: names.map { name in
                row(name, group.compactMap { $0.exercises.first { $0.name == name } })
            })
        }
    }

    private static func row(_ name: String, _ records: [LessonProgress.ExerciseProgress]) -> Row {
        let reached = records.filter { $0.status != .open || $0.attempts > 0 || $0.hints > 0 || $0.sawSolution }
        let finished = reached.filter { $0.status == .done }
        let mean = { (values: [Int]) -> Double in values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count) }
        var counts: [(String, Int)] = []
        for record in reached {
            for value in record.wrong.uniqued() {
                if let index = counts.firstIndex(where: { $0.0 == value }) { counts[index].1 += 1 } else { counts.append((value, 1)) }
            }
        }
        // Ties go to the value seen first, so the report is the same for the same files.
        let common = counts.enumerated().max { a, b in a.element.1 < b.element.1 || (a.element.1 == b.element.1 && a.offset > b.offset) }
        return Row(exercise: name, reached: reached.count, finished: finished.count,
                   skipped: reached.filter { $0.status == .skipped }.count,
                   attempts: mean(reached.map(\.attempts)), hints: mean(reached.map(\.hints)),
                   solutions: reached.filter(\.sawSolution).count,
                   medianSeconds: finished.isEmpty ? nil : Statistics.quantiles(finished.map(\.seconds), [0.5])[0],
                   commonWrong: common.map { ($0.element.0, $0.element.1) })
    }
}
