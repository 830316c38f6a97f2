import Testing
@testable import KPICore

@Suite("Lexer")
struct LexerTests {
    private func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokenize(SourceText(name: "t", text: text)).map(\.kind)
    }

    @Test("numbers take underscores and k, M, % suffixes")
    func numbers() throws {
        #expect(try kinds("1200 1_200 3.5 50k 1.2M 4% 1e3") == [
            .number(1200), .number(1200), .number(3.5), .number(50_000), .number(1_200_000), .number(0.04), .number(1000),
            .newline, .end,
        ])
    }

    @Test("period literals of every grain, and a bare year stays a number")
    func periods() throws {
        let tokens = try kinds("2026-03-15 2026-W05 2026-03 2026-Q1 2026")
        #expect(tokens.count == 7)
        #expect(tokens[0] == .period(Period(literal: "2026-03-15")!))
        #expect(tokens[1] == .period(Period(grain: .week, ordinal: Period(containing: CivilDate.days(year: 2026, month: 1, day: 26), grain: .week).ordinal)))
        #expect(tokens[2] == .period(Period(grain: .month, ordinal: 2026 * 12 + 2)))
        #expect(tokens[3] == .period(Period(grain: .quarter, ordinal: 2026 * 4)))
        #expect(tokens[4] == .number(2026))
    }

    @Test("a subtraction with spaces is not a period")
    func subtraction() throws {
        #expect(try kinds("2026 - 3") == [.number(2026), .symbol("-"), .number(3), .newline, .end])
    }

    @Test("strings, escapes, comments and two-character operators")
    func stringsAndSymbols() throws {
        #expect(try kinds(#"load "a \"b\".csv" # a comment"#) == [.identifier("load"), .string(#"a "b".csv"#), .newline, .end])
        #expect(try kinds("a >= b != c == d") == [
            .identifier("a"), .symbol(">="), .identifier("b"), .symbol("!="), .identifier("c"), .symbol("=="), .identifier("d"),
            .newline, .end,
        ])
    }

    @Test("a line ending in an operator, comma or open bracket continues")
    func continuation() throws {
        #expect(Lexer.isIncomplete("metric x = a +"))
        #expect(Lexer.isIncomplete("show a,"))
        #expect(Lexer.isIncomplete("metric x = sum("))
        #expect(Lexer.isIncomplete("metric x = a + # comment"))
        #expect(!Lexer.isIncomplete("metric x = a + b"))
        #expect(!Lexer.isIncomplete("load \"a.csv\""))
        #expect(try kinds("a +\n b") == [.identifier("a"), .symbol("+"), .identifier("b"), .newline, .end])
        #expect(try kinds("f(a,\n b)\nc") == [
            .identifier("f"), .symbol("("), .identifier("a"), .symbol(","), .identifier("b"), .symbol(")"), .newline,
            .identifier("c"), .newline, .end,
        ])
    }

    @Test("a continued statement becomes one history line, comments dropped")
    func singleLine() {
        #expect(Lexer.singleLine("show a, # first\n  b") == "show a, b")
        #expect(Lexer.singleLine("load \"x#y.csv\"") == "load \"x#y.csv\"")
    }

    @Test("errors point at the faulty text")
    func errors() {
        #expect(throws: KPIError.unterminatedString(at: SourceRange(start: .init(line: 1, column: 6), end: .init(line: 1, column: 9)))) {
            try Lexer.tokenize(SourceText(name: "t", text: "load \"ab"))
        }
        #expect(throws: KPIError.invalidNumber("12x", at: SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 4)))) {
            try Lexer.tokenize(SourceText(name: "t", text: "12x"))
        }
        #expect(throws: KPIError.invalidPeriod("2026-13", at: SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 8)))) {
            try Lexer.tokenize(SourceText(name: "t", text: "2026-13"))
        }
    }
}
