/// Parses tokens into statements, one at a time, so a script runs up to the
/// statement with the error. One statement per line or per `;`.
public struct Parser {
    let tokens: [Token]
    let lexicalError: KPIError?
    let scalars: [Unicode.Scalar]
    var position = 0
    /// How deep the expression being parsed nests now (see `maxNesting`).
    var nesting = 0
    /// The most tokens one statement may have: past it, a clear error rather than minutes of work.
    static let maxTokens = 100_000
    /// Offset where the statement being parsed starts, to quote it when it fails.
    private var statementStart = 0

    public init(_ source: SourceText) {
        (tokens, lexicalError) = Lexer.scan(source)
        scalars = Array(source.text.unicodeScalars)
    }

    /// Every statement in `source`, in order; the first syntax error is thrown.
    public static func parse(_ source: SourceText) throws(KPIError) -> [ParsedStatement] {
        var parser = Parser(source)
        var result: [ParsedStatement] = []
        while let statement = try parser.next() { result.append(statement) }
        return result
    }

    var current: Token { tokens[position] }

    /// The next statement, nil at the end of the input.
    public mutating func next() throws(KPIError) -> ParsedStatement? {
        skipSeparators()
        if current.kind == .end { return nil }
        let first = current
        statementStart = first.startOffset
        var end = position
        while end < tokens.count, tokens[end].kind != .newline, tokens[end].kind != .symbol(";"), tokens[end].kind != .end { end += 1 }
        let count = end - position
        if count > Self.maxTokens {
            position = end
            throw .tooComplex("this statement has \(NumberFormat.count(count)) tokens; kpi reads at most "
                              + NumberFormat.count(Self.maxTokens), at: first.range)
        }
        do {
            let statement = try self.statement()
            let last = tokens[position - 1]
            try expectStatementEnd()
            let text = String(String.UnicodeScalarView(scalars[first.startOffset..<last.endOffset]))
            return ParsedStatement(statement: statement, range: first.range.union(last.range), text: text)
        } catch {
            if current.kind == .invalid, let lexicalError { throw lexicalError }
            throw error
        }
    }

    /// The text of the statement that failed to parse, to its line's end (for the journal).
    public var failedText: String {
        var end = statementStart
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        return String(String.UnicodeScalarView(scalars[statementStart..<end]))
    }

    private mutating func skipSeparators() {
        while current.kind == .newline || current.kind == .symbol(";") { position += 1 }
    }

    mutating func expectStatementEnd() throws(KPIError) {
        switch current.kind {
        case .newline, .end, .symbol(";"): return
        default: throw .expected("the end of the statement", found: current.description, at: current.range)
        }
    }

    private mutating func statement() throws(KPIError) -> Statement {
        if case .comment(let text) = current.kind {
            position += 1
            return .comment(text)
        }
        guard case .identifier(let word) = current.kind else {
            throw .expected("a statement", found: current.description, at: current.range,
                            help: "statements start with a keyword such as load, describe or help")
        }
        guard let kind = StatementKind(keyword: word) else {
            if word == "exercise" {
                throw .invalidExpression("exercise … end belongs to a lesson; it is not a statement", at: current.range,
                                         help: "play the lesson with kpi lesson FILE (kpi lesson check FILE checks it)")
            }
            throw .unknownStatement(word, at: current.range, suggestion: StatementKind.suggestion(for: word))
        }
        position += 1
        return try statement(kind)
    }

    /// The statement after its keyword. A new statement adds its line here
    /// (the compiler asks for it) and its parse function beside its family's.
    private mutating func statement(_ kind: StatementKind) throws(KPIError) -> Statement {
        switch kind {
        case .load: return try parseLoad()
        case .tables: return .tables(connection: try optionalName("a connection's name"))
        case .connect: return try parseConnect()
        case .disconnect: return .disconnect(try name("a connection's name", example: "disconnect wh"))
        case .attach: return try parseAttach()
        case .describe: return .describe(table: try name("a table name", example: "describe marketing"))
        case .head: return try parseHead()
        case .time: return try parseTime()
        case .grain: return .grain(try optionalGrain())
        case .metric: return try parseMetric()
        case .let: return try parseAssumption()
        case .key: return .key(try nameList("the names of the key KPIs", example: "key cac, new_customers"))
        case .explain: return try parseExplain()
        case .drop: return .drop(try name("a metric, assumption, goal, objective or scenario", example: "drop growth"))
        case .show: return .show(try showRequest(allowFormat: true))
        case .chart: return .chart(try showRequest(allowFormat: false))
        case .forecast: return .forecast(try forecastRequest())
        case .summary: return .summary
        case .metrics: return .metrics
        case .objective: return try parseObjective()
        case .goal: return .goal(try goal())
        case .goals: return .goals
        case .plan: return try parsePlan()
        case .scorecard: return try parseScorecard()
        case .catalog: return .catalog(try optionalName("a KPI from the catalog"))
        case .scenario: return try parseScenario()
        case .scenarios: return .scenarios
        case .use: return .use(try name("a scenario, or base", example: "use bigger"))
        case .compare: return try parseCompare()
        case .solve: return .solve(try solve())
        case .sensitivity: return try parseSensitivity()
        case .simulate: return try parseSimulate()
        case .correlate: return try parseCorrelate()
        case .correlations: return .correlations
        case .run: return try parseRun()
        case .save: return try parseSave()
        case .export: return .export(path: try string("a report path in quotes", example: "export \"report.html\""))
        case .undo: return .undo
        case .reset: return .reset
        case .history: return .history
        case .help: return .help(topic: try optionalName("a topic"))
        case .timer: return try parseTimer()
        case .quit: return .quit
        case .comment: preconditionFailure("comments are tokens of their own, not keywords")
        }
    }

    func at(keyword: String) -> Bool {
        current.kind == .identifier(keyword)
    }

    /// Consumes `keyword`, or throws `expected what` with the help given.
    mutating func expect(keyword: String, _ what: String, help: String? = nil) throws(KPIError) {
        guard at(keyword: keyword) else { throw .expected(what, found: current.description, at: current.range, help: help) }
        position += 1
    }

    mutating func name(_ what: String, example: String? = nil) throws(KPIError) -> Located<String> {
        guard case .identifier(let name) = current.kind else {
            throw .expected(what, found: current.description, at: current.range, help: example.map { "for example: \($0)" })
        }
        position += 1
        return Located(name, tokens[position - 1].range)
    }

    mutating func string(_ what: String, example: String) throws(KPIError) -> Located<String> {
        guard case .string(let text) = current.kind else {
            var help = "for example: \(example)"
            if case .identifier = current.kind { help = "put the path in double quotes: \(example)" }
            throw .expected(what, found: current.description, at: current.range, help: help)
        }
        position += 1
        return Located(text, tokens[position - 1].range)
    }

    mutating func optionalCount() throws(KPIError) -> Located<Int>? {
        guard case .number(let value) = current.kind else { return nil }
        let token = current
        position += 1
        guard value >= 0, value == value.rounded(), value <= 1_000_000_000 else {
            throw .invalidArgument("the row count must be a whole number of 0 or more", at: token.range)
        }
        return Located(Int(value), token.range)
    }

    /// A name, or nothing when the statement ends here.
    mutating func optionalName(_ what: String) throws(KPIError) -> Located<String>? {
        guard case .identifier = current.kind else { return nil }
        return try name(what)
    }

    /// `NAME = EXPR, NAME = EXPR`: the overrides of `scenario` and `run … with`.
    mutating func overrides(example: String) throws(KPIError) -> [Override] {
        var overrides: [Override] = []
        repeat {
            if !overrides.isEmpty { position += 1 }
            let start = current.startOffset
            let name = try self.name("the name to replace", example: example)
            _ = try expect("=", "'=' after \(name.value)")
            var expression = try self.expression()
            if at(keyword: "from") { expression = try pathTail([expression]) }
            let text = String(String.UnicodeScalarView(scalars[start..<tokens[position - 1].endOffset]))
            overrides.append(Override(name: name, expression: expression, text: text))
        } while current.kind == .symbol(",")
        return overrides
    }
}
