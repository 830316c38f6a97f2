/// The lines of an `exercise … end` block in a lesson file (`LessonReader` splits the
/// file; each line is parsed here with the language's own tokens, so numbers, periods
/// and strings read exactly as in statements).
extension Parser {
    /// One line inside an exercise block.
    enum ExerciseLine {
        case header(name: Located<String>, task: String)
        case hint(String)
        case check(ExerciseCheck)
        /// `solution STATEMENT`: the statement starts at this offset of the line's text.
        case solution(offset: Int)
        case end
    }

    static let exerciseExample = "exercise cac \"Define the customer acquisition cost as a metric named cac.\""
    static let checkExample = "expect cac at 2026-10 = 66.45 within 0.5%"
    static let exerciseWords = ["hint", "expect", "solution", "end"]

    /// Parses one line of an exercise block; `header` for its first line.
    static func exerciseLine(_ source: SourceText, header: Bool) throws(KPIError) -> ExerciseLine {
        var parser = Parser(source)
        if let lexicalError = parser.lexicalError { throw lexicalError }
        let line = try header ? parser.exerciseHeader() : parser.exerciseBody()
        if case .solution = line { return line }
        try parser.expectStatementEnd()
        return line
    }

    private mutating func exerciseHeader() throws(KPIError) -> ExerciseLine {
        try expect(keyword: "exercise", "exercise")
        let name = try self.name("the exercise's name", example: Self.exerciseExample)
        guard case .string(let task) = current.kind else {
            throw .expected("the task in quotes", found: current.description, at: current.range, help: "for example: \(Self.exerciseExample)")
        }
        position += 1
        return .header(name: name, task: task)
    }

    private mutating func exerciseBody() throws(KPIError) -> ExerciseLine {
        guard case .identifier(let word) = current.kind else {
            throw .expected("hint, expect, solution or end", found: current.description, at: current.range)
        }
        position += 1
        switch word {
        case "hint":
            guard case .string(let text) = current.kind else {
                throw .expected("the hint in quotes", found: current.description, at: current.range,
                                help: "for example: hint \"CAC is ad spend divided by new customers.\"")
            }
            position += 1
            return .hint(text)
        case "expect":
            let start = current
            let kind = try checkKind()
            let last = tokens[position - 1]
            let text = String(String.UnicodeScalarView(scalars[start.startOffset..<last.endOffset]))
            return .check(ExerciseCheck(kind: kind, text: text, range: start.range.union(last.range)))
        case "solution":
            guard current.kind != .newline, current.kind != .end else {
                throw .expected("the statement that solves the exercise", found: current.description, at: current.range,
                                help: "for example: solution metric cac = spend / new_customers")
            }
            return .solution(offset: current.startOffset)
        case "end": return .end
        default:
            throw .expected("hint, expect, solution or end", found: "'\(word)'", at: tokens[position - 1].range,
                            help: KPIError.didYouMean(Suggestion.closest(to: word, in: Self.exerciseWords)))
        }
    }

    /// What follows `expect`.
    private mutating func checkKind() throws(KPIError) -> ExerciseCheck.Kind {
        let next = position + 1 < tokens.count ? tokens[position + 1].kind : .end
        switch (current.kind, next) {
        case (.identifier("key"), .identifier("count")):
            position += 2
            return .keyCount(try target(example: "expect key count <= 7", whole: true))
        case (.identifier("keys"), .identifier("have")):
            position += 2
            try expect(keyword: "goals", "'goals'", help: "expect keys have goals: every key KPI is measured by a goal")
            return .keysHaveGoals
        case (.identifier("goal"), .identifier) where position + 2 < tokens.count && tokens[position + 2].kind == .identifier("passes"):
            position += 1
            let goal = try name("a goal's name")
            position += 1
            return .passes(goal: goal, letters: try smartLetters())
        case (.identifier("compare"), _):
            position += 1
            return try effectCheck()
        case (.identifier(let word), .identifier) where ExerciseCheck.NameKind(rawValue: word) != nil
            && position + 2 < tokens.count && tokens[position + 2].kind == .identifier("defined"):
            position += 1
            let name = try self.name("a name")
            position += 1
            return .defined(name, as: ExerciseCheck.NameKind(rawValue: word))
        default:
            break
        }
        let name = try self.name("what to check: a metric's name, goal, compare, key count or keys have goals",
                                 example: Self.checkExample)
        if at(keyword: "defined") {
            position += 1
            return .defined(name, as: nil)
        }
        if at(keyword: "uses") {
            position += 1
            return .uses(name, try usedNames())
        }
        var period: Located<Period>?
        if at(keyword: "at") {
            position += 1
            period = try periodLiteral()
        }
        return .value(name, at: period, try target(example: Self.checkExample))
    }

    /// `growth, customers, orders.amount`: functions, names and columns.
    private mutating func usedNames() throws(KPIError) -> [Located<String>] {
        var names: [Located<String>] = []
        repeat {
            if !names.isEmpty { position += 1 }
            var name = try self.name("a function, metric or table.column it should use", example: "expect customer_growth uses growth")
            if current.kind == .symbol(".") {
                position += 1
                let column = try self.name("a column after '.'")
                name = Located(name.value + "." + column.value, name.range.union(column.range))
            }
            names.append(name)
        } while current.kind == .symbol(",")
        return names
    }

    /// `compare SCENARIO on METRIC [at P] OP CHANGE`.
    private mutating func effectCheck() throws(KPIError) -> ExerciseCheck.Kind {
        let example = "expect compare bigger on new_customers >= +10%"
        let scenario = try name("a scenario's name", example: example)
        try expect(keyword: "on", "'on' and a metric", help: "for example: \(example)")
        let metric = try name("a metric's name", example: example)
        var period: Located<Period>?
        if at(keyword: "at") {
            position += 1
            period = try periodLiteral()
        }
        let target = try self.target(example: example)
        return .effect(scenario: scenario, metric: metric, at: period, target, relative: target.percent)
    }

    /// `S, M, T` or `SMART`.
    private mutating func smartLetters() throws(KPIError) -> [String] {
        let names = try nameList("SMART letters such as S, M, T", example: "expect goal more_customers passes S, M, T")
        var letters: [String] = []
        for name in names {
            let word = name.value.uppercased()
            guard !word.isEmpty, word.allSatisfy({ "SMART".contains($0) }) else {
                throw .expected("letters of SMART (S, M, A, R, T)", found: "'\(name.value)'", at: name.range)
            }
            for letter in word.map(String.init) where !letters.contains(letter) { letters.append(letter) }
        }
        return letters
    }

    /// `OP NUMBER [within TOLERANCE]`, the number signed (`+10%`, `-5`); `whole` for
    /// counts, which take no tolerance.
    private mutating func target(example: String, whole: Bool = false) throws(KPIError) -> ExerciseCheck.Target {
        guard case .symbol(let op) = current.kind, let comparison = ExerciseCheck.Comparison(rawValue: op == "==" ? "=" : op) else {
            throw .expected("=, >=, <=, > or <", found: current.description, at: current.range, help: "for example: \(example)")
        }
        position += 1
        var sign = 1.0
        if current.kind == .symbol("+") || current.kind == .symbol("-") {
            sign = current.kind == .symbol("-") ? -1 : 1
            position += 1
        }
        guard case .number(let value) = current.kind else {
            throw .expected("a number", found: current.description, at: current.range, help: "for example: \(example)")
        }
        let token = current
        position += 1
        var tolerance = comparison == .equal && !whole ? halfLastDigit(token) : 0
        if at(keyword: "within") {
            guard !whole, comparison != .above, comparison != .below else {
                throw .invalidArgument(whole ? "a count is compared exactly; leave out within"
                                       : "> and < compare exactly; use >= or <= with within", at: current.range)
            }
            position += 1
            guard case .number(let within) = current.kind, within >= 0 else {
                throw .expected("a tolerance such as 0.5% or 2", found: current.description, at: current.range)
            }
            tolerance = current.isPercent ? abs(value) * within : within
            position += 1
        }
        return ExerciseCheck.Target(comparison: comparison, value: sign * value, tolerance: tolerance, percent: token.isPercent)
    }

    /// Half a unit of the last digit a number is written with: `66.45` → 0.005,
    /// `4.2%` → 0.0005, `1.2k` → 50, `1200` → 0.5.
    private func halfLastDigit(_ token: Token) -> Double {
        var text = String(String.UnicodeScalarView(scalars[token.startOffset..<token.endOffset]))
        let scale: Double = text.hasSuffix("k") ? 1_000 : text.hasSuffix("M") ? 1_000_000 : text.hasSuffix("%") ? 0.01 : 1
        if scale != 1 { text.removeLast() }
        let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).map(String.init)
        let digits = parts[0].filter { $0.isNumber || $0 == "." }
        var places = digits.firstIndex(of: ".").map { digits.distance(from: $0, to: digits.endIndex) - 1 } ?? 0
        if parts.count == 2, let exponent = Int(parts[1]) { places -= max(-30, min(30, exponent)) }
        var unit = 1.0
        for _ in 0..<abs(places) { unit = places > 0 ? unit / 10 : unit * 10 }
        return unit * scale / 2
    }
}
