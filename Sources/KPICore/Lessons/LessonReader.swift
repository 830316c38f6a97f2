/// Reads a lesson file: comment lines are narration, `exercise … end` blocks are
/// exercises, every other line is a statement the lesson runs (continued over lines as at
/// the prompt). Everything is parsed up front, so a mistake anywhere in the file is
/// reported before the student starts, at its line and column.
public enum LessonReader {
    public static func read(_ text: String, path: String) throws(Diagnostic) -> Lesson {
        // "\r\n" is one Character in Swift: split on it too, so CRLF files read like the rest.
        var reader = Reader(path: path, text: text, lines: text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        })
        do {
            return try reader.lesson()
        } catch {
            throw Diagnostic(error.error, in: error.source)
        }
    }

    /// `seven-kpis` for `sessions/lessons/seven-kpis.kpi`.
    static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".kpi") ? String(file.dropLast(4)) : file
    }

    /// An error with the text it points into (a line of the file, as its own source).
    struct Failure: Error {
        var error: KPIError
        var source: SourceText
    }

    private struct Reader {
        let path: String
        let text: String
        let lines: [String]
        var index = 0
        var steps: [Lesson.Step] = []
        var narration: [String] = []

        init(path: String, text: String, lines: [String]) {
            self.path = path
            self.text = text
            self.lines = lines
        }

        func source(_ index: Int) -> SourceText { SourceText(name: path, text: lines[index], firstLine: index + 1) }

        /// Where the first word of line `index` is.
        func wordRange(_ index: Int, _ word: String) -> SourceRange {
            let column = lines[index].prefix { $0 == " " || $0 == "\t" }.count + 1
            return SourceRange(start: SourceLocation(line: index + 1, column: column),
                               end: SourceLocation(line: index + 1, column: column + word.count))
        }

        mutating func lesson() throws(Failure) -> Lesson {
            while index < lines.count {
                let trimmed = lines[index].trimmingSpaces()
                if (index == 0 && trimmed.hasPrefix("# kpi session")) || trimmed.hasPrefix("#>") {
                    index += 1
                } else if trimmed.hasPrefix("#") {
                    narration.append(Self.narrationText(trimmed))
                    index += 1
                } else if trimmed.isEmpty {
                    if !narration.isEmpty { narration.append("") }
                    index += 1
                } else if Self.firstWord(trimmed) == "exercise" {
                    flushNarration()
                    let exercise = try self.exercise()
                    if let earlier = steps.compactMap({ step -> Exercise? in
                        if case .exercise(let e) = step, e.name == exercise.name { e } else { nil }
                    }).first {
                        throw Failure(error: .invalidArgument("there is already an exercise \(exercise.name) (line \(earlier.range.start.line))",
                                                              at: exercise.range), source: source(exercise.range.start.line - 1))
                    }
                    steps.append(.exercise(exercise))
                } else if Parser.exerciseWords.contains(Self.firstWord(trimmed)) {
                    let word = Self.firstWord(trimmed)
                    let message = word == "end" ? "'end' without an exercise to close" : "'\(word)' belongs inside an exercise block"
                    throw Failure(error: .invalidExpression(message, at: wordRange(index, word),
                                                            help: "an exercise reads: exercise NAME \"task\", its hint, expect and solution lines, end"),
                                  source: source(index))
                } else {
                    flushNarration()
                    if let statement = try statement(from: index, offset: 0) { steps.append(.statement(statement)) }
                }
            }
            flushNarration()
            guard steps.contains(where: { if case .exercise = $0 { true } else { false } }) else {
                let start = SourceLocation(line: 1, column: 1)
                throw Failure(error: .invalidExpression("\(path) has no exercises", at: SourceRange(start: start, end: start),
                                                        help: "a lesson asks at least one: exercise NAME \"task\" … end"),
                              source: SourceText(name: path, text: lines.first ?? ""))
            }
            let title = steps.lazy.compactMap { step -> String? in
                if case .narration(let lines) = step { lines.first } else { nil }
            }.first ?? LessonReader.baseName(path)
            return Lesson(title: title, path: path, steps: steps, source: SourceText(name: path, text: text))
        }

        mutating func flushNarration() {
            while narration.last == "" { narration.removeLast() }
            if !narration.isEmpty { steps.append(.narration(narration)) }
            narration = []
        }

        /// The statement starting at `offset` (in scalars) of line `first`, continued over
        /// the following lines while it is incomplete; nil for a line of comments only.
        /// Inside an exercise (`inExercise`) a statement does not continue onto a line
        /// starting with one of the block's words: an unclosed bracket is then reported on
        /// the solution's own line rather than swallowing `end`.
        mutating func statement(from first: Int, offset: Int, inExercise: Bool = false) throws(Failure) -> LessonStatement? {
            var text = String(String.UnicodeScalarView(Array(lines[first].unicodeScalars)[offset...]))
            index = first + 1
            while Lexer.isIncomplete(text), index < lines.count {
                let word = Self.firstWord(lines[index].trimmingSpaces())
                if inExercise, Parser.exerciseWords.contains(word) || word == "exercise" { break }
                text += "\n" + lines[index]
                index += 1
            }
            let padded = SourceText(name: path, text: String(repeating: " ", count: offset) + text, firstLine: first + 1)
            let original = SourceText(name: path, text: lines[first..<index].joined(separator: "\n"), firstLine: first + 1)
            let parsed: [ParsedStatement]
            do {
                parsed = try Parser.parse(padded)
            } catch {
                throw Failure(error: error, source: original)
            }
            guard let kind = parsed.first(where: { $0.statement.kind != .comment })?.statement.kind else { return nil }
            let shown = text.split(separator: "\n", omittingEmptySubsequences: false).map { Lexer.withoutComment(String($0)) }
            return LessonStatement(text: shown.joined(separator: "\n").trimmingSpaces(), source: padded, original: original, kind: kind)
        }

        mutating func exercise() throws(Failure) -> Exercise {
            let start = index
            guard case .header(let name, let task) = try line(start, header: true) else { preconditionFailure("a header line") }
            var exercise = Exercise(name: name.value, task: task, hints: [], checks: [], solution: [], range: name.range)
            index += 1
            while index < lines.count {
                let trimmed = lines[index].trimmingSpaces()
                if trimmed.isEmpty || trimmed.hasPrefix("#") {
                    index += 1
                    continue
                }
                if Self.firstWord(trimmed) == "exercise" {
                    throw Failure(error: .invalidExpression("exercise \(name.value) (line \(start + 1)) has no end before this exercise",
                                                            at: wordRange(index, "exercise"),
                                                            help: "close it with a line `end` after its solution"), source: source(index))
                }
                switch try line(index, header: false) {
                case .header: preconditionFailure("only the first line is a header")
                case .hint(let text):
                    exercise.hints.append(text)
                    index += 1
                case .check(let check):
                    exercise.checks.append(check)
                    index += 1
                case .solution(let offset):
                    if let statement = try statement(from: index, offset: offset, inExercise: true) { exercise.solution.append(statement) }
                case .end:
                    index += 1
                    return try finished(exercise, at: start)
                }
            }
            throw Failure(error: .invalidExpression("exercise \(name.value) has no end", at: name.range,
                                                    help: "close it with a line `end` after its solution"), source: source(start))
        }

        func finished(_ exercise: Exercise, at line: Int) throws(Failure) -> Exercise {
            let missing = exercise.checks.isEmpty ? "expect" : exercise.solution.isEmpty ? "solution" : nil
            guard let missing else { return exercise }
            let example = missing == "expect" ? "expect \(exercise.name) defined" : "solution metric \(exercise.name) = …"
            throw Failure(error: .invalidExpression("exercise \(exercise.name) has no \(missing)", at: exercise.range,
                                                    help: "add a line such as: \(example)"), source: source(line))
        }

        func line(_ index: Int, header: Bool) throws(Failure) -> Parser.ExerciseLine {
            do {
                return try Parser.exerciseLine(source(index), header: header)
            } catch {
                throw Failure(error: error, source: source(index))
            }
        }

        static func firstWord(_ text: String) -> String {
            String(text.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        }

        /// The comment without `#` and one space; indentation after that is the author's.
        static func narrationText(_ comment: String) -> String {
            var text = comment.dropFirst()
            if text.first == " " { text = text.dropFirst() }
            while text.last == " " || text.last == "\t" { text = text.dropLast() }
            return String(text)
        }


    }
}
