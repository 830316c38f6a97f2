import Testing
@testable import KPICore

@Suite("Parser")
struct ParserTests {
    private func parse(_ text: String) throws -> [Statement] {
        try Parser.parse(SourceText(name: "t", text: text)).map(\.statement)
    }

    private func error(_ text: String) -> String {
        do {
            _ = try Parser.parse(SourceText(name: "t.kpi", text: text))
            return "no error"
        } catch {
            return Diagnostic(error, in: SourceText(name: "t.kpi", text: text)).description
        }
    }

    @Test("every statement of the shell")
    func statements() throws {
        let statements = try parse("""
            load "a.csv" as ads; tables
            describe ads
            head ads 5
            head ads
            time ads.day
            grain weeks
            run "x.kpi"; save "y.kpi"
            history; help load; help; timer on; quit
            """)
        try #require(statements.map(\.keyword) == [
            "load", "tables", "describe", "head", "head", "time", "grain", "run", "save", "history", "help", "help", "timer", "quit",
        ])
        let count = try extract("head with a count", from: statements[3]) { if case .head(_, let count?) = $0 { count } else { nil } }
        #expect(count.value == 5)
        let grain = try extract("grain with a grain", from: statements[6]) { if case .grain(let grain?) = $0 { grain } else { nil } }
        #expect(grain.value == .week)
        let (path, alias) = try extract("load", from: statements[0]) { if case .load(let path, let alias) = $0 { (path, alias) } else { nil } }
        #expect(path.value == "a.csv")
        #expect(alias?.value == "ads")
    }

    @Test("statement text is kept exactly, comments and continuation lines included")
    func text() throws {
        let parsed = try Parser.parse(SourceText(name: "t", text: "tables # all\nhead ads 3;describe ads"))
        #expect(parsed.map(\.text) == ["tables", "head ads 3", "describe ads"])
    }

    @Test("an unknown statement renders with a caret and a suggestion")
    func unknownStatement() {
        #expect(error("tables\nlod \"x.csv\"") == """
            error: unknown statement 'lod'
             --> t.kpi:2:1
              |
            2 | lod "x.csv"
              | ^^^
              = help: did you mean 'load'?
            """)
    }

    @Test("a path without quotes says to quote it")
    func unquotedPath() {
        #expect(error("load data.csv") == """
            error: expected a file path in quotes, found 'data'
             --> t.kpi:1:6
              |
            1 | load data.csv
              |      ^^^^
              = help: put the path in double quotes: load "samples/marketing.csv"
            """)
    }

    @Test("an unknown grain suggests the nearest")
    func grain() {
        #expect(error("grain mnth") == """
            error: unknown grain 'mnth'
             --> t.kpi:1:7
              |
            1 | grain mnth
              |       ^^^^
              = help: did you mean 'month'? grains: day, week, month, quarter, year
            """)
    }

    @Test("extra words after a statement are an error")
    func trailing() {
        #expect(error("metrics now").hasPrefix("error: expected the end of the statement, found 'now'\n --> t.kpi:1:9"))
        #expect(error("tables wh now").hasPrefix("error: expected the end of the statement, found 'now'\n --> t.kpi:1:11"))
    }
}
