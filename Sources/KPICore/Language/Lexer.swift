/// Turns source text into tokens.
///
/// Newlines inside brackets, and after a token that continues a statement
/// (an operator, a comma, an open bracket), are not statement ends, which is
/// what lets a statement span lines.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let firstLine: Int
    private var index = 0
    private var line: Int
    private var column = 1
    private var depth = 0
    private var tokens: [Token] = []

    public init(_ source: SourceText) {
        scalars = Array(source.text.unicodeScalars)
        firstLine = source.firstLine
        line = source.firstLine
    }

    /// All tokens, ending with `.end`; the first lexical error is thrown.
    public static func tokenize(_ source: SourceText) throws(KPIError) -> [Token] {
        let (tokens, error) = scan(source)
        if let error { throw error }
        return tokens
    }

    /// The tokens up to the first lexical error, which ends them with `.invalid`,
    /// so the statements before a bad line still run.
    public static func scan(_ source: SourceText) -> (tokens: [Token], error: KPIError?) {
        var lexer = Lexer(source)
        do {
            return (try lexer.run(), nil)
        } catch {
            lexer.tokens.append(Token(kind: .invalid, range: error.range, startOffset: lexer.index, endOffset: lexer.index))
            return (lexer.tokens, error)
        }
    }

    /// Whether `text` is a statement left open (trailing operator, comma or open
    /// bracket) that should continue on the next line. Text that does not lex is
    /// complete: running it reports the error.
    public static func isIncomplete(_ text: String) -> Bool {
        var lexer = Lexer(SourceText(name: "", text: text))
        guard let tokens = try? lexer.run() else { return false }
        if lexer.depth > 0 { return true }
        let significant = tokens.last { $0.kind != .end && $0.kind != .newline }
        return significant?.continuesStatement ?? false
    }

    /// A statement typed over several lines as one line, for the history (so
    /// it is recalled whole): comments dropped, lines joined with a space.
    public static func singleLine(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count > 1 else { return text }
        return lines.map { withoutComment(String($0)).trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The line up to a `#` that is outside a string.
    static func withoutComment(_ line: String) -> String {
        var inString = false, escaped = false
        for index in line.indices {
            let c = line[index]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "#" {
                return String(line[..<index])
            }
        }
        return line
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// Whether the next token is the first of its statement on a new line, which
    /// makes a `#` there a comment statement rather than a trailing comment.
    private var startsLine: Bool {
        guard depth == 0 else { return false }
        return tokens.last.map { $0.kind == .newline } ?? true
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func run() throws(KPIError) -> [Token] {
        while let c = peek() {
            let start = location, startOffset = index
            if c == "\n" {
                advance()
                newline(at: start, offset: startOffset)
            } else if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "#" {
                var text = ""
                while let c = peek(), c != "\n" {
                    text.unicodeScalars.append(c)
                    advance()
                }
                if text.hasSuffix("\r") { text.removeLast() }
                // `#>` lines are recorded output (save … with output): not part of the script.
                // `#!` lines are statements that failed (in a journal): not part of the script either.
                if startsLine, !text.hasPrefix("#>"), !text.hasPrefix("#!") { add(.comment(text), start, startOffset) }
            } else if c == "\"" {
                let text = try string()
                add(.string(text), start, startOffset)
            } else if c.properties.numericType != nil, c.isASCII {
                try numberOrPeriod(start, startOffset)
            } else if c == "_" || c.properties.isAlphabetic {
                var name = ""
                while let c = peek(), c == "_" || c.properties.isAlphabetic || (c.isASCII && c.properties.numericType != nil) {
                    name.unicodeScalars.append(c)
                    advance()
                }
                add(.identifier(name), start, startOffset)
            } else {
                try symbol(start, startOffset)
            }
        }
        newline(at: location, offset: index)
        tokens.append(Token(kind: .end, range: SourceRange(start: location, end: location), startOffset: index, endOffset: index))
        return tokens
    }

    private mutating func newline(at start: SourceLocation, offset: Int) {
        if depth > 0 { return }
        guard let last = tokens.last, last.kind != .newline, !last.continuesStatement else { return }
        tokens.append(Token(kind: .newline, range: SourceRange(start: start, end: start), startOffset: offset, endOffset: offset))
    }

    private mutating func add(_ kind: Token.Kind, _ start: SourceLocation, _ startOffset: Int, percent: Bool = false) {
        tokens.append(Token(kind: kind, range: SourceRange(start: start, end: location),
                            startOffset: startOffset, endOffset: index, isPercent: percent))
    }

    private mutating func string() throws(KPIError) -> String {
        let start = location
        advance()
        var text = ""
        while let c = peek() {
            if c == "\"" {
                advance()
                return text
            }
            if c == "\n" { break }
            if c == "\\", let next = peek(1) {
                advance()
                advance()
                switch next {
                case "n": text += "\n"
                case "t": text += "\t"
                default: text.unicodeScalars.append(next)
                }
                continue
            }
            text.unicodeScalars.append(c)
            advance()
        }
        throw .unterminatedString(at: SourceRange(start: start, end: location))
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    private mutating func numberOrPeriod(_ start: SourceLocation, _ startOffset: Int) throws(KPIError) {
        if let period = try periodLiteral(start, startOffset) {
            add(.period(period), start, startOffset)
            return
        }
        var digits = ""
        while let c = peek(), Self.isDigit(c) || c == "_" || (c == "." && Self.isDigit(peek(1))) {
            if c != "_" { digits.unicodeScalars.append(c) }
            advance()
        }
        if let e = peek(), e == "e" || e == "E",
           Self.isDigit(peek(1)) || ((peek(1) == "-" || peek(1) == "+") && Self.isDigit(peek(2))) {
            digits += "e"
            advance()
            while let c = peek(), Self.isDigit(c) || c == "-" || c == "+" {
                digits.unicodeScalars.append(c)
                advance()
            }
        }
        guard var value = Double(digits) else {
            throw .invalidNumber(digits, at: SourceRange(start: start, end: location))
        }
        var percent = false
        switch peek() {
        case "k": value *= 1_000; advance()
        case "M": value *= 1_000_000; advance()
        case "%": value /= 100; percent = true; advance()
        default: break
        }
        if let c = peek(), c == "_" || c.properties.isAlphabetic || Self.isDigit(c) {
            var word = String(String.UnicodeScalarView(scalars[startOffset..<index]))
            while let c = peek(), c == "_" || c.properties.isAlphabetic || Self.isDigit(c) {
                word.unicodeScalars.append(c)
                advance()
            }
            throw .invalidNumber(word, at: SourceRange(start: start, end: location))
        }
        add(.number(value), start, startOffset, percent: percent)
    }

    /// `2026-03-15`, `2026-W05`, `2026-03`, `2026-Q1`: four digits and a dash with
    /// no spaces (so `2026 - 3` stays a subtraction). A bare `2026` is a number
    /// that the parser reads as a year where a period is expected.
    private mutating func periodLiteral(_ start: SourceLocation, _ startOffset: Int) throws(KPIError) -> Period? {
        guard (0..<4).allSatisfy({ Self.isDigit(peek($0)) }), peek(4) == "-",
              let next = peek(5), Self.isDigit(next) || next == "W" || next == "Q" else { return nil }
        var text = ""
        while let c = peek(), Self.isDigit(c) || c == "-" || c == "W" || c == "Q" {
            text.unicodeScalars.append(c)
            advance()
        }
        guard let period = Period(literal: text) else {
            throw .invalidPeriod(text, at: SourceRange(start: start, end: location))
        }
        return period
    }

    private mutating func symbol(_ start: SourceLocation, _ startOffset: Int) throws(KPIError) {
        let c = peek()!
        let two: String = peek(1).map { String(Character(c)) + String(Character($0)) } ?? ""
        if ["==", "!=", "<=", ">="].contains(two) {
            advance()
            advance()
            add(.symbol(two), start, startOffset)
            return
        }
        let single = String(Character(c))
        guard "=<>+-*/^()[],.:;!".contains(single) else {
            advance()
            throw .unexpectedCharacter(single, at: SourceRange(start: start, end: location))
        }
        advance()
        if single == "(" || single == "[" { depth += 1 }
        if (single == ")" || single == "]") && depth > 0 { depth -= 1 }
        add(.symbol(single), start, startOffset)
    }
}

extension String {
    /// Without the spaces and tabs at either end (and a trailing `\r`).
    public func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
