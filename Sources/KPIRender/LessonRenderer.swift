import KPICore

/// How a lesson reads at the terminal: narration, the task, ✓ and what is still wrong,
/// hints, progress; and the trainer's class report.
public struct LessonRenderer: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    private var check: String { style.paint(GoalWording.glyph(.pass, unicode: style.unicode), .green) }
    private var cross: String { style.paint(GoalWording.glyph(.fail, unicode: style.unicode), .red) }

    /// The text of a lesson event, or nil when it shows nothing.
    public func render(_ event: LessonEvent) -> String? {
        switch event {
        case .narration(let lines): return "\n" + lines.map { $0.isEmpty ? "" : style.paint($0, .italic) }.joined(separator: "\n")
        case .task(let number, let count, let exercise): return task(number, count, exercise)
        case .resumed(let done, let skipped, let count, let student, let notReplayed):
            let who = student.isEmpty ? "" : ", \(student)"
            var text = style.paint("Welcome back\(who): \(Self.tally(done: done, skipped: skipped, of: count)).", .bold)
            if let first = notReplayed.first {
                let more = notReplayed.count > 1 ? " (and \(notReplayed.count - 1) more)" : ""
                text += "\n" + style.paint("note: ", .yellow) + "the lesson has changed since; this earlier statement of yours "
                    + "no longer runs\(more): \(Lexer.singleLine(first))"
            }
            return text
        case .failure(let diagnostic): return OutputRenderer(style: style).render(diagnostic)
        case .passed(let results):
            var found: [String] = []
            for result in results where !found.contains(result.got) { found.append(result.got) }
            let lines = found.map { "  \(check) \($0)" }
            return ([style.paint("\(GoalWording.glyph(.pass, unicode: style.unicode)) Correct.", .green)] + lines).joined(separator: "\n")
        case .notYet(let results): return notYet(results)
        case .hint(let number, let count, let text): return style.paint("Hint \(number) of \(count): ", .bold) + wrapped(text, first: 12)
        case .noMoreHints(let hints):
            return (hints == 0 ? "This exercise has no hints" : "No more hints (\(hints) given)")
                + "; type solution to see the answer, or skip to move on."
        case .solution(let exercise):
            return style.paint("Solution", .bold) + style.dim(" (your progress notes that you looked)") + ":\n"
                + Self.listing(exercise.solution) + "\nType it to go on, or skip to let the lesson run it."
        case .skipped(let exercise):
            return style.dim("Skipped \(exercise.name); the lesson runs its solution:\n") + Self.listing(exercise.solution)
        case .progress(let progress, let current): return self.progress(progress, current: current)
        case .finished(let progress): return finished(progress)
        case .commands:
            return wrapped("Lesson commands, each alone on a line: hint \(style.dot) solution \(style.dot) skip \(style.dot) progress "
                + "\(style.dot) task (the exercise again) \(style.dot) quit (progress is saved). Every other line is a kpi statement:")
        case .left(let progress, let path, let isDefaultPlace):
            let tally = Self.tally(progress)
            guard let path else { return "Left the lesson (\(tally)); the progress was not saved." }
            let option = isDefaultPlace ? "" : " --progress \(path)"
            return "Progress saved (\(tally)) to \(path)\n"
                + "kpi lesson \(progress.file)\(option) picks up where you left off."
        case .progressNotSaved(let path, let reason):
            return style.paint("warning: ", .yellow) + "cannot save the progress to \(path): \(reason); the lesson goes on"
        case .refused(let refusal): return style.paint("note: ", .yellow) + wrapped(Self.text(refusal), first: 6)
        case .blocked(let diagnostic):
            return OutputRenderer(style: style).render(diagnostic) + "\n"
                + wrapped("The lesson cannot go on without its data. Play it from the folder its paths are relative to "
                          + "(for the lessons in sessions/lessons/, the repository's root).")
        }
    }

    private func task(_ number: Int, _ count: Int, _ exercise: Exercise) -> String {
        let head = "Exercise \(number) of \(count) \(style.dot) \(exercise.name)"
        let rule = String(repeating: style.unicode ? "─" : "-", count: max(4, 60 - TextTable.width(head)))
        return "\n" + style.paint(head + " " + rule, .bold) + "\n" + wrapped(exercise.task) + "\n"
            + style.dim("(hint \(style.dot) solution \(style.dot) skip \(style.dot) progress \(style.dot) quit)")
    }

    /// Each check as it stands; failing checks that found the same thing (`there is no
    /// scenario enough`) share one line with everything they want.
    private func notYet(_ results: [CheckResult]) -> String {
        var lines = [style.paint("Not yet:", .yellow)]
        var failing: [(got: String, wanted: [String], letters: [GoalReport.Letter])] = []
        for result in results {
            if result.passed {
                lines.append("  \(check) \(result.got)")
            } else if let index = failing.firstIndex(where: { $0.got == result.got }) {
                failing[index].wanted.append(result.wanted)
            } else {
                failing.append((result.got, [result.wanted], result.letters))
            }
        }
        for (got, wanted, letters) in failing {
            lines.append("  \(cross) \(got) \(style.dot) wanted: \(wanted.joined(separator: "; "))")
            for letter in letters where letter.mark != .pass {
                let glyph = GoalWording.glyph(letter.mark, unicode: style.unicode)
                lines.append("      \(glyph) \(letter.letter)  " + GoalWording.text(letter.reason))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func progress(_ progress: LessonProgress, current: Int?) -> String {
        var table = TextTable(headers: ["#", "exercise", "status", "attempts", "hints", "solution", "time"],
                              alignments: [.right, .left, .left, .right, .right, .left, .right])
        for (index, exercise) in progress.exercises.enumerated() {
            let status: String
            switch exercise.status {
            case .done: status = GoalWording.glyph(.pass, unicode: style.unicode) + " done"
            case .skipped: status = "skipped"
            case .open: status = index == current ? (style.unicode ? "→ now" : "-> now") : "to do"
            }
            table.rows.append(["\(index + 1)", exercise.name, status, "\(exercise.attempts)", "\(exercise.hints)",
                               exercise.sawSolution ? "seen" : "", Self.duration(exercise.seconds)])
        }
        return style.paint(progress.lesson, .bold) + " \(style.dot) \(Self.tally(progress))\n" + table.render(style)
    }

    /// `3 of 8 exercises done, 1 skipped`.
    static func tally(done: Int, skipped: Int, of count: Int) -> String {
        "\(done) of \(count) exercise\(count == 1 ? "" : "s") done" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }

    static func tally(_ progress: LessonProgress) -> String {
        tally(done: progress.doneCount, skipped: progress.skippedCount, of: progress.exercises.count)
    }

    /// Statements shown indented, a statement over several lines kept together.
    static func listing(_ statements: [LessonStatement]) -> String {
        statements.map { "  " + $0.text.replacing("\n", with: "\n  ") }.joined(separator: "\n")
    }

    static func text(_ refusal: LessonRefusal) -> String {
        switch refusal {
        case .reset:
            return "reset would take away the lesson's own work too; undo goes back over your changes in this exercise, "
                + "and kpi lesson FILE --restart starts the lesson over"
        case .undoPastExercise:
            return "nothing of this exercise to undo: undo goes back over your own changes in the current exercise only"
        case .commandNotAlone(let command): return "\(command) is a lesson command: type it alone on a line"
        }
    }

    private func finished(_ progress: LessonProgress) -> String {
        style.paint("Lesson complete: \(Self.tally(progress)).", .green) + "\n"
            + "save \"my-session.kpi\" keeps your session as a script; progress shows your record; quit leaves."
    }

    /// `text` broken into lines at spaces, to the terminal's width but no wider than 88
    /// columns (pipes get 88, so their output does not depend on a terminal); `first`
    /// is what the first line already holds.
    func wrapped(_ text: String, first: Int = 0) -> String {
        let limit = min(style.width ?? 88, 88)
        var lines: [String] = [], line = "", used = first
        for word in text.split(separator: " ").map(String.init) {
            let width = TextTable.width(word)
            if line.isEmpty {
                line = word
                used += width
            } else if used + 1 + width > limit {
                lines.append(line)
                line = word
                used = width
            } else {
                line += " " + word
                used += 1 + width
            }
        }
        return (lines + [line]).joined(separator: "\n")
    }

    /// `0:41`, `12:05`, `1:02:10`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(pad(minutes)):\(pad(rest))" : "\(minutes):\(pad(rest))"
    }

    // MARK: The class report

    /// Class reports, one per lesson: tables (or markdown) one after another, one CSV with
    /// a lesson column, or one JSON array.
    public func reports(_ reports: [ClassReport], format: OutputFormat) -> String {
        switch format {
        case .json: return JSONValue.array(reports.map(json)).rendered()
        case .csv:
            return reports.enumerated().map { index, report in
                let text = self.report(report, format: .csv)
                return index == 0 ? text : String(text.drop { $0 != "\n" }.dropFirst())
            }.joined(separator: "\n")
        case .table, .markdown: return reports.map { report($0, format: format) }.joined(separator: "\n\n")
        }
    }

    /// A class report as a table (or csv, json, markdown).
    public func report(_ report: ClassReport, format: OutputFormat) -> String {
        let headers = ["exercise", "reached", "finished", "skipped", "attempts", "hints", "solution", "median time", "most common wrong value"]
        let rows = report.rows.map { row -> [String] in
            [row.exercise, "\(row.reached)", "\(row.finished)", "\(row.skipped)", NumberFormat.format(row.attempts, decimals: 1, fixed: true),
             NumberFormat.format(row.hints, decimals: 1, fixed: true), "\(row.solutions)",
             row.medianSeconds.map(Self.duration) ?? "",
             row.commonWrong.map { "\($0.value) (\($0.students) student\($0.students == 1 ? "" : "s"))" } ?? ""]
        }
        switch format {
        case .csv:
            return ([["lesson"] + headers] + rows.map { [report.lesson] + $0 }).map { $0.map(Self.csvField).joined(separator: ",") }
                .joined(separator: "\n")
        case .json: return json(report).rendered()
        case .markdown, .table:
            var table = TextTable(headers: headers, alignments: [.left] + Array(repeating: .right, count: 7) + [.left])
            table.rows = rows
            let title = "\(report.lesson) \(style.dot) \(report.students) student\(report.students == 1 ? "" : "s")"
            return format == .markdown ? "**\(title)**\n\n" + table.markdown() : style.paint(title, .bold) + "\n" + table.render(style)
        }
    }

    private func json(_ report: ClassReport) -> JSONValue {
        .object([
            ("lesson", .string(report.lesson)),
            ("students", .number(Double(report.students))),
            ("exercises", .array(report.rows.map { row in
                .object([
                    ("name", .string(row.exercise)), ("reached", .number(Double(row.reached))),
                    ("finished", .number(Double(row.finished))), ("skipped", .number(Double(row.skipped))),
                    ("attempts", .number(row.attempts)), ("hints", .number(row.hints)), ("solutions", .number(Double(row.solutions))),
                    ("median_seconds", row.medianSeconds.map(JSONValue.number) ?? .null),
                    ("common_wrong", row.commonWrong.map { .object([("value", .string($0.value)), ("students", .number(Double($0.students)))]) } ?? .null),
                ])
            })),
        ])
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }
}
