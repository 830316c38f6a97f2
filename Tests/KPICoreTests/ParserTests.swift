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

    @Test("forecast takes its clauses in any order")
    func forecastClauses() throws {
        let statements = try parse("forecast cac method theta next 6 level 95% as csv\nforecast cac to 2027-Q2 level 90\nchart cac with forecast next 4")
        try #require(statements.count == 3)
        let first = try extract("a forecast", from: statements[0]) { if case .forecast(let r) = $0 { r } else { nil } }
        let second = try extract("a forecast", from: statements[1]) { if case .forecast(let r) = $0 { r } else { nil } }
        let chart = try extract("a chart", from: statements[2]) { if case .chart(let r) = $0 { r } else { nil } }
        #expect(first.metric.value == "cac" && first.next?.value == 6 && first.method?.value == .theta)
        #expect(first.level?.value == 0.95 && first.format == .csv)
        #expect(second.to?.value == Period(grain: .quarter, ordinal: 2027 * 4 + 1) && second.level?.value == 0.9)
        #expect(chart.withForecast != nil && chart.forecastNext == 4)
    }

    @Test("forecast's mistakes point at the clause and say what would do")
    func forecastErrors() {
        #expect(error("forecast cac method thta") == """
            error: expected auto, ets, theta, linear or naive, found 'thta'
             --> t.kpi:1:21
              |
            1 | forecast cac method thta
              |                     ^^^^
              = help: did you mean 'theta'?
            """)
        #expect(error("forecast cac next 3 to 2027-01") == """
            error: say how far with next or with to, not both
             --> t.kpi:1:19
              |
            1 | forecast cac next 3 to 2027-01
              |                   ^^^^^^^^^^^^
            """)
        #expect(error("forecast cac level 120%").hasPrefix("error: expected a level between 0% and 100% after 'level', found a number"))
        #expect(error("forecast cac next 0").hasPrefix("error: expected a number of periods from 1 to 1,000 after 'next'"))
        #expect(error("chart cac with plan").hasPrefix("error: expected 'forecast' after 'with', found 'plan'"))
        #expect(error("forecast cac methd theta") == """
            error: expected next, to, level, method, as or the end of the statement, found 'methd'
             --> t.kpi:1:14
              |
            1 | forecast cac methd theta
              |              ^^^^^
              = help: did you mean 'method'?
            """)
    }

    @Test("paths, totals, probability targets and correlations parse; their mistakes point where they are")
    func whatIfOverTime() throws {
        let path = try Parser.parse(SourceText(name: "t.kpi", text: "let budget = 80k from 2026-11 to 2027-06 growing 3%"))
        let value = try extract("a path", from: try #require(path.first).statement) {
            if case .assumption(_, let expression) = $0, case .path(let value) = expression.kind { value } else { nil }
        }
        #expect(value.start.value.description == "2026-11" && value.end?.value.description == "2027-06" && value.growth != nil)
        let solve = try #require(try Parser.parse(SourceText(name: "t.kpi", text:
            "solve budget for P(total(planned from 2027-01 to 2027-03) >= 4200) = 80% seed 3 runs 5000")).first)
        let request = try extract("a solve", from: solve.statement) { if case .solve(let request) = $0 { request } else { nil } }
        #expect(request.metric.label == "total(planned from 2027-01 to 2027-03)" && request.target == 4200)
        #expect(request.probability == ProbabilityTarget(comparison: ">=", probability: 0.8, runs: 5000, seed: 3))
        #expect(error("let budget = 1, 2, 3 from 2027-01 growing 3%") == """
            error: a list gives every period's value; growing applies to one starting value
             --> t.kpi:1:35
              |
            1 | let budget = 1, 2, 3 from 2027-01 growing 3%
              |                                   ^^^^^^^
              = help: for example: let budget = 80k from 2026-11 growing 3%
            """)
        #expect(error("show mean(x from 2027-03 to 2027-01)").hasPrefix("error: the periods end (2027-01) before they start (2027-03)"))
        #expect(error("show prev(x from 2027-01)").hasPrefix("error: expected ',' or ')', found 'from'"))
        #expect(error("correlate a, b 1.5").hasPrefix("error: expected a rank correlation from -1 to 1, found 1.5"))
        #expect(error("solve b for P(m >= 10) = 120%").hasPrefix("error: expected a probability between 0% and 100%"))
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
