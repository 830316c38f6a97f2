/// Expressions, by precedence from loosest to tightest:
/// `or`, `and`, `not`, comparisons and `in`, `+ -`, `* /`, unary `-`, `^`, calls and atoms.
extension Parser {
    /// Words that end an expression (the clauses of the statements around it).
    static let clauseWords: Set<String> = ["where", "by", "from", "to", "last", "as", "vs", "for", "weight", "at", "on", "runs", "seed", "between"]

    /// How deep parentheses, calls and unary operators may nest.
    static let maxNesting = 64
    /// How deep an expression's tree may be (a chain `a + b + …` adds a level per operator).
    static let maxDepth = 1_000

    mutating func expression() throws(KPIError) -> Expression {
        try nested { (parser: inout Parser) throws(KPIError) in try parser.disjunction() }
    }

    /// Parses one level deeper, refusing past `maxNesting`: the parser recurses per level.
    private mutating func nested(_ parse: (inout Parser) throws(KPIError) -> Expression) throws(KPIError) -> Expression {
        guard nesting < Self.maxNesting else {
            throw .tooComplex("this expression nests more than \(Self.maxNesting) levels deep", at: current.range)
        }
        nesting += 1
        defer { nesting -= 1 }
        return try parse(&self)
    }

    private mutating func binaryLoop(_ operators: Set<String>, words: Set<String> = [],
                                     _ operand: (inout Parser) throws(KPIError) -> Expression) throws(KPIError) -> Expression {
        var lhs = try operand(&self)
        while true {
            let op: String
            switch current.kind {
            case .symbol(let symbol) where operators.contains(symbol): op = symbol
            case .identifier(let word) where words.contains(word): op = word
            default: return lhs
            }
            position += 1
            let rhs = try operand(&self)
            lhs = Expression(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
            guard lhs.depth <= Self.maxDepth else {
                throw .tooComplex("this expression is more than \(NumberFormat.count(Self.maxDepth)) operations deep", at: lhs.range)
            }
        }
    }

    private mutating func disjunction() throws(KPIError) -> Expression {
        try binaryLoop([], words: ["or"]) { (parser: inout Parser) throws(KPIError) in try parser.conjunction() }
    }

    private mutating func conjunction() throws(KPIError) -> Expression {
        try binaryLoop([], words: ["and"]) { (parser: inout Parser) throws(KPIError) in try parser.negation() }
    }

    private mutating func negation() throws(KPIError) -> Expression {
        guard current.kind == .identifier("not") else { return try comparison() }
        let start = current.range
        position += 1
        let operand = try nested { (parser: inout Parser) throws(KPIError) in try parser.negation() }
        return Expression(.unary("not", operand), start.union(operand.range))
    }

    private mutating func comparison() throws(KPIError) -> Expression {
        let lhs = try additive()
        var negated = false
        if current.kind == .identifier("not"), position + 1 < tokens.count, tokens[position + 1].kind == .identifier("in") {
            negated = true
            position += 1
        }
        if current.kind == .identifier("in") {
            position += 1
            guard current.kind == .symbol("(") else {
                throw .expected("'(' and a list after 'in'", found: current.description, at: current.range,
                                help: "for example: ads.channel in (\"search\", \"social\")")
            }
            position += 1
            var list: [Expression] = []
            repeat {
                if !list.isEmpty { position += 1 }
                list.append(try additive())
            } while current.kind == .symbol(",")
            let close = try expect(")", "')' to close the list")
            return Expression(.membership(lhs, list, negated: negated), lhs.range.union(close))
        }
        guard case .symbol(let symbol) = current.kind, ["==", "=", "!=", "<", "<=", ">", ">="].contains(symbol) else { return lhs }
        position += 1
        let rhs = try additive()
        return Expression(.binary(symbol == "=" ? "==" : symbol, lhs, rhs), lhs.range.union(rhs.range))
    }

    private mutating func additive() throws(KPIError) -> Expression {
        try binaryLoop(["+", "-"]) { (parser: inout Parser) throws(KPIError) in try parser.multiplicative() }
    }

    private mutating func multiplicative() throws(KPIError) -> Expression {
        try binaryLoop(["*", "/"]) { (parser: inout Parser) throws(KPIError) in try parser.unary() }
    }

    private mutating func unary() throws(KPIError) -> Expression {
        guard current.kind == .symbol("-") || current.kind == .symbol("+") else { return try power() }
        let start = current
        position += 1
        let operand = try nested { (parser: inout Parser) throws(KPIError) in try parser.unary() }
        if start.kind == .symbol("+") { return operand }
        return Expression(.unary("-", operand), start.range.union(operand.range))
    }

    /// `a ^ b`, right-associative and tighter than unary minus (`-2^2` is -4).
    private mutating func power() throws(KPIError) -> Expression {
        let base = try atom()
        guard current.kind == .symbol("^") else { return base }
        position += 1
        let exponent = try nested { (parser: inout Parser) throws(KPIError) in try parser.unary() }
        return Expression(.binary("^", base, exponent), base.range.union(exponent.range))
    }

    private mutating func atom() throws(KPIError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            position += 1
            return Expression(.number(value, percent: token.isPercent), token.range)
        case .string(let text):
            position += 1
            return Expression(.string(text), token.range)
        case .period(let period):
            position += 1
            return Expression(.period(period), token.range)
        case .symbol("("):
            position += 1
            var inner = try expression()
            let close = try expect(")", "')'")
            inner.range = token.range.union(close)
            return inner
        case .identifier(let word) where Functions.all.contains(word) && tokens[position + 1].kind == .symbol("("):
            position += 1
            return try call(word, token)
        case .identifier(let word) where !Self.clauseWords.contains(word) && !["and", "or", "not", "in"].contains(word):
            position += 1
            if word == "true" || word == "false" { return Expression(.boolean(word == "true"), token.range) }
            if current.kind == .symbol("(") { return try call(word, token) }
            if current.kind == .symbol(".") {
                position += 1
                guard case .identifier(let column) = current.kind else {
                    throw .expected("a column name after '\(word).'", found: current.description, at: current.range)
                }
                position += 1
                return Expression(.column(table: word, column: column), token.range.union(tokens[position - 1].range))
            }
            return Expression(.name(word), token.range)
        default:
            throw .expected("a value (a number, a name, table.column or a function)", found: token.description, at: token.range)
        }
    }

    /// `f(a, b)` and `f(a, last 3)`.
    private mutating func call(_ name: String, _ nameToken: Token) throws(KPIError) -> Expression {
        guard Functions.all.contains(name) else {
            throw .unknownFunction(name, at: nameToken.range, suggestion: Suggestion.closest(to: name, in: Functions.all.sorted()))
        }
        position += 1
        var arguments: [Expression] = []
        var last: Int?
        if current.kind != .symbol(")") {
            while true {
                if current.kind == .identifier("last") {
                    position += 1
                    guard let count = try optionalCount(), count.value > 0 else {
                        throw .expected("a number of periods after 'last'", found: current.description, at: current.range)
                    }
                    last = count.value
                } else {
                    arguments.append(try windowed(try expression(), in: name))
                }
                guard current.kind == .symbol(",") else { break }
                position += 1
            }
        }
        let close = try expect(")", "')' to close \(name)(")
        if arguments.count > 1, let windowed = arguments.first(where: { if case .window = $0.kind { true } else { false } }) {
            throw .invalidExpression("from … to … picks the periods of one value's reduction", at: windowed.range,
                                     help: "reduce first, then compare: \(name)(total(x from P to Q), 0)")
        }
        return Expression(.call(name, arguments, last: last), nameToken.range.union(close))
    }

    /// `x from P to Q` (either end may be left out) as a reduction's argument.
    private mutating func windowed(_ argument: Expression, in function: String) throws(KPIError) -> Expression {
        guard at(keyword: "from") || at(keyword: "to") else { return argument }
        guard Functions.reductions.contains(function) || function == "min" || function == "max" else {
            throw .expected("',' or ')'", found: current.description, at: current.range,
                            help: "from … to … picks the periods of a reduction: total(x from 2027-01 to 2027-03)")
        }
        var from: Period?, to: Period?
        while case .identifier(let clause) = current.kind, clause == "from" && from == nil || clause == "to" && to == nil {
            position += 1
            let period = try periodLiteral()
            if clause == "from" { from = period.value } else { to = period.value }
        }
        if let from, let to, to.lastDay < from.firstDay {
            throw .invalidArgument("the periods end (\(to)) before they start (\(from))", at: argument.range.union(tokens[position - 1].range))
        }
        return Expression(.window(argument, from: from, to: to), argument.range.union(tokens[position - 1].range))
    }

    /// Consumes `symbol` and returns its range, or throws `expected what`.
    mutating func expect(_ symbol: String, _ what: String) throws(KPIError) -> SourceRange {
        guard current.kind == .symbol(symbol) else { throw .expected(what, found: current.description, at: current.range) }
        position += 1
        return tokens[position - 1].range
    }
}
