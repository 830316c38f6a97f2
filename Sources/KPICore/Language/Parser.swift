/// Parses tokens into statements, one at a time, so a script runs up to the
/// statement with the error. One statement per line or per `;`.
public struct Parser {
    let tokens: [Token]
    private let lexicalError: KPIError?
    let scalars: [Unicode.Scalar]
    var position = 0
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

    private mutating func expectStatementEnd() throws(KPIError) {
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
        let keywordToken = current
        position += 1
        switch word {
        case "load":
            let path = try string("a file path in quotes", example: "load \"samples/marketing.csv\"")
            var alias: Located<String>?
            if at(keyword: "as") {
                position += 1
                alias = try name("a table name after 'as'")
            }
            return .load(path: path, alias: alias)
        case "tables": return .tables
        case "describe": return .describe(table: try name("a table name", example: "describe marketing"))
        case "head":
            let table = try name("a table name", example: "head marketing 5")
            return .head(table: table, count: try optionalCount())
        case "time":
            let table = try name("a table name", example: "time marketing.date")
            guard current.kind == .symbol(".") else { return .time(table: table, column: nil) }
            position += 1
            return .time(table: table, column: try name("a column name after '.'"))
        case "grain": return .grain(try optionalGrain())
        case "run":
            let path = try string("a script path in quotes", example: "run \"sessions/tour.kpi\"")
            var overrides: [Override] = []
            if at(keyword: "with") {
                repeat {
                    position += 1
                    let start = current.startOffset
                    let name = try self.name("an assumption of the script", example: "run \"plan.kpi\" with budget = 70k")
                    _ = try expect("=", "'=' after \(name.value)")
                    let value = try expression()
                    let text = String(String.UnicodeScalarView(scalars[start..<tokens[position - 1].endOffset]))
                    overrides.append(Override(name: name, expression: value, text: text))
                } while current.kind == .symbol(",")
            }
            return .run(path: path, with: overrides)
        case "save":
            var overwrite = false
            if current.kind == .symbol("!") {
                overwrite = true
                position += 1
            }
            let path = try string("a file path in quotes", example: "save \"sessions/mine.kpi\"")
            var withOutput = false
            if at(keyword: "with") {
                position += 1
                guard at(keyword: "output") else {
                    throw .expected("'output' after 'with'", found: current.description, at: current.range,
                                    help: "save \"FILE\" with output also records each result")
                }
                position += 1
                withOutput = true
            }
            return .save(path: path, withOutput: withOutput, overwrite: overwrite)
        case "undo": return .undo
        case "export": return .export(path: try string("a report path in quotes", example: "export \"report.html\""))
        case "reset": return .reset
        case "history": return .history
        case "help":
            guard case .identifier = current.kind else { return .help(topic: nil) }
            return .help(topic: try name("a topic"))
        case "timer":
            let toggle = try name("'on' or 'off'", example: "timer on")
            guard toggle.value == "on" || toggle.value == "off" else {
                throw .expected("'on' or 'off'", found: "'\(toggle.value)'", at: toggle.range)
            }
            return .timer(on: toggle.value == "on")
        case "quit", "exit": return .quit
        default:
            if let statement = try metricStatement(word) { return statement }
            if let statement = try goalStatement(word) { return statement }
            if let statement = try whatIfStatement(word) { return statement }
            throw .unknownStatement(word, at: keywordToken.range,
                                    suggestion: Suggestion.closest(to: word, in: Keywords.statements))
        }
    }

    func at(keyword: String) -> Bool {
        current.kind == .identifier(keyword)
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

    private mutating func optionalGrain() throws(KPIError) -> Located<Grain>? {
        guard case .identifier(let word) = current.kind else { return nil }
        position += 1
        let range = tokens[position - 1].range
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        guard let grain = Grain(rawValue: word) ?? Grain(rawValue: singular) else {
            throw .unknownGrain(word, at: range, suggestion: Suggestion.closest(to: word, in: Grain.allCases.map(\.rawValue)))
        }
        return Located(grain, range)
    }
}
