import Testing
@testable import KPICore
@testable import KPIRender

/// Metrics on two small tables whose values are worked out by hand
/// (Fixtures/metrics.csv, Fixtures/visits.csv).
@Suite("Metrics")
struct MetricTests {
    /// A session with both fixtures loaded as `m` and `v`.
    private func session(_ statements: String = "") -> Recorder {
        let recorder = Recorder()
        let setup = "load \"\(Fixtures.path("metrics.csv"))\" as m; load \"\(Fixtures.path("visits.csv"))\" as v"
        if let error = recorder.run(setup + (statements.isEmpty ? "" : "; " + statements)) {
            Issue.record("setup failed: \(error)")
        }
        return recorder
    }

    /// The periods and the first column's values (group 0) of `show EXPR`.
    /// Fails the test (and throws) when `show` fails or its view has no such group.
    private func show(_ expression: String, in recorder: Recorder, group: Int = 0) throws -> (periods: [String], values: [Double?]) {
        try recorder.mustRun("show \(expression)")
        let view = try recorder.last(\.view)
        return (view.periods.map(\.description), try view.values(group: group).map { $0.isNaN ? nil : $0 })
    }

    private func values(_ expression: String, _ statements: String = "", group: Int = 0) throws -> [Double?] {
        try show(expression, in: session(statements), group: group).values
    }

    @Test("sum per month, with an empty month as 0 and a null value skipped")
    func sumPerMonth() throws {
        let recorder = session()
        let result = try show("sum(m.spend)", in: recorder)
        #expect(result.periods == ["2025-12", "2026-01", "2026-02", "2026-03"])
        #expect(result.values == [150, 230, 0, 120])
    }

    @Test("every aggregate, per month")
    func aggregates() throws {
        #expect(try values("avg(m.spend)") == [75, 115, nil, 120])
        #expect(try values("count(m)") == [2, 3, 0, 1])
        #expect(try values("count(m.spend)") == [2, 2, 0, 1])
        #expect(try values("min(m.spend)") == [50, 30, nil, 120])
        #expect(try values("max(m.spend)") == [100, 200, nil, 120])
        #expect(try values("median(m.clicks)") == [7.5, 8, nil, 12])
        #expect(try values("percentile(m.clicks, 90)")[1] == 17.6)
        #expect(try values("count_distinct(m.channel)") == [2, 2, 0, 1])
        #expect(try values("sum(m.spend * 2)") == [300, 460, 0, 240])
    }

    @Test("ISO weeks across the year boundary, and quarters")
    func grains() throws {
        let weeks = try show("sum(m.spend)", in: session("grain week"))
        #expect(weeks.periods.first == "2026-W01")
        #expect(weeks.periods.last == "2026-W10")
        #expect(weeks.values == [350, 0, 0, 30, 0, 0, 0, 0, 0, 120])
        let quarters = try show("sum(m.spend)", in: session("grain quarter"))
        #expect(quarters.periods == ["2025-Q4", "2026-Q1"])
        #expect(quarters.values == [150, 350])
        #expect(try show("count(m)", in: session("grain year")).values == [2, 4])
    }

    @Test("where filters every aggregate: text, in, numbers, bools, dates")
    func filters() throws {
        #expect(try values("s", "metric s = sum(m.spend) where m.channel == \"search\"") == [100, 200, 0, 120])
        #expect(try values("s", "metric s = sum(m.spend) where m.channel in (\"search\") and m.customers > 1") == [100, 200, 0, 120])
        #expect(try values("s", "metric s = sum(m.spend) where m.channel != \"search\" or m.customers >= 4") == [50, 230, 0, 0])
        #expect(try values("s", "metric s = count(m) where m.active == true") == [1, 2, 0, 1])
        // The row of 2026-01-20 has no `active`: unknown, and `not` unknown is unknown (SQL).
        #expect(try values("s", "metric s = count(m) where not m.active == true") == [1, 0, 0, 0])
        #expect(try values("s", "metric s = sum(m.clicks) + count(m) where m.day >= 2026-01-05") == [0, 13, 0, 13])
        #expect(try values("s", "metric s = sum(m.clicks) where m.day == 2026-01") == [0, 31, 0, 0])
    }

    @Test("derived metrics period by period; division by zero is null")
    func derived() throws {
        let statements = "metric spend = sum(m.spend); metric customers = sum(m.customers); metric cac = spend / customers"
        #expect(try values("cac", statements).map { $0.map { ($0 * 1000).rounded() / 1000 } } == [75, 38.333, nil, 40])
        #expect(try values("spend - customers * 10", statements) == [130, 170, 0, 90])
        #expect(try values("(customers + 1) ^ 2", statements) == [9, 49, 1, 16])
    }

    @Test("series functions and reductions")
    func seriesFunctions() throws {
        let c = "metric c = sum(m.customers)"
        #expect(try values("prev(c)", c) == [nil, 2, 6, 0])
        #expect(try values("prev(c, 2)", c) == [nil, nil, 2, 6])
        #expect(try values("growth(c)", c) == [nil, 2, -1, nil])
        #expect(try values("cumulative(c)", c) == [2, 8, 8, 11])
        #expect(try values("rolling(c, 2)", c) == [nil, 4, 3, 1.5])
        #expect(try values("latest(c)", c) == [3])
        #expect(try values("mean(c, last 2)", c) == [1.5])
        #expect(try values("total(c)", c) == [11])
        #expect(try values("total(c, last 3)", c) == [9])
        #expect(try values("max(c)", c) == [6])
        #expect(try values("round(c / 4)", c) == [1, 2, 0, 1])
        #expect(try values("round(c / 4, 1)", c) == [0.5, 1.5, 0, 0.8])
        #expect(try values("abs(c - 3)", c) == [1, 3, 3, 0])
        #expect(try values("min(c, 3)", c) == [2, 3, 0, 3])
        #expect(try values("if(c > 2, c, 0)", c) == [0, 6, 0, 3])
    }

    @Test("assumptions broadcast, a metric of assumptions is a constant")
    func assumptions() throws {
        let statements = "let budget = 60k; let cpc = mean(sum(m.spend) / sum(m.clicks), last 2); metric planned = budget / cpc * 4%"
        #expect(try values("budget", statements) == [60_000])
        // cpc: Feb 0/0 is null, Mar 120/12 = 10 → mean 10; planned = 60,000 / 10 * 0.04
        #expect(try values("planned", statements) == [240])
        #expect(try values("sum(m.customers) * budget / 1000", statements) == [120, 360, 0, 180])
    }

    @Test("a table without dates aggregates to one number")
    func timelessTable() throws {
        let recorder = session("load \"\(Fixtures.temporary("region,target\nnorth,10\nsouth,32\n"))\" as targets")
        #expect(try show("sum(targets.target)", in: recorder).values == [42])
        #expect(try show("sum(m.customers) / sum(targets.target) * 42", in: recorder).values == [2, 6, 0, 3])
        #expect(recorder.run("show sum(targets.target) by targets.region")?.error.message
            == "targets has no date column, so it cannot be shown per period by a column")
    }

    @Test("two tables align by period; outside a table's range is null")
    func twoTables() throws {
        let result = try show("c / s", in: session("metric c = sum(m.customers); metric s = sum(v.sessions)"))
        #expect(result.periods == ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"])
        #expect(result.values == [nil, 0.06, 0, nil, nil])
    }

    @Test("a breakdown computes derived metrics within each group")
    func breakdown() throws {
        let statements = "metric spend = sum(m.spend); metric customers = sum(m.customers); metric cac = spend / customers"
        let recorder = session(statements)
        #expect(try show("cac by m.channel", in: recorder, group: 0).values == [50, 40, nil, 40])
        #expect(try show("cac by m.channel", in: recorder, group: 1).values == [nil, 30, nil, nil])
        let view = try recorder.last(\.view)
        #expect(view.groups == ["search", "social"])
        #expect(view.groupColumn == "channel")
    }

    @Test("from, to and last choose the periods")
    func windows() throws {
        let recorder = session("metric s = sum(m.spend)")
        #expect(try show("s from 2026-01 to 2026-02", in: recorder).periods == ["2026-01", "2026-02"])
        #expect(try show("s last 2", in: recorder).periods == ["2026-02", "2026-03"])
        #expect(try show("s from 2026", in: recorder).periods == ["2026-01", "2026-02", "2026-03"])
    }

    @Test("redefining a name updates its dependents; the count of recomputed definitions is kept")
    func redefinition() throws {
        let recorder = session("metric a = sum(m.customers); metric b = a * 2; metric c = b + 1")
        #expect(try show("c", in: recorder).values == [5, 13, 1, 7])
        #expect(recorder.run("metric a = sum(m.clicks)") == nil)
        #expect(recorder.session.computedCount == 3)
        #expect(try show("c", in: recorder).values == [31, 63, 1, 25])
    }

    @Test("a cycle is refused and names it; the old definitions stay")
    func cycle() throws {
        let recorder = session("metric a = sum(m.customers); metric b = a * 2")
        let error = recorder.run("metric a = b + 1")
        #expect(error?.error.message == "this would make a cycle: a → b → a")
        #expect(try show("a", in: recorder).values == [2, 6, 0, 3])
        #expect(recorder.run("metric d = d + 1")?.error.message == "this would make a cycle: d → d")
    }

    @Test("unknown names, tables, columns and functions say what was meant")
    func unknownNames() {
        let recorder = session("metric spend = sum(m.spend)")
        #expect(recorder.run("metric x = spnd * 2")?.error.help == "did you mean 'spend'?")
        #expect(recorder.run("metric x = sum(m.spnd)")?.error.help == "did you mean 'spend'?")
        #expect(recorder.run("metric x = sum(mm.spend)")?.error.help == "did you mean 'm'?")
        #expect(recorder.run("metric x = summ(m.spend)")?.error.help == "did you mean 'sum'?")
        #expect(recorder.run("metric x = m.spend")?.error.message == "m.spend is a column: aggregate it per period")
        #expect(recorder.session.workspace.definitions["x"] == nil)
    }

    @Test("drop refuses while something depends on the name, and says what")
    func drop() {
        let recorder = session("metric a = sum(m.customers); metric b = a * 2")
        let error = recorder.run("drop a")
        #expect(error?.error.message == "cannot drop 'a': b uses it")
        #expect(recorder.run("drop b; drop a") == nil)
        #expect(recorder.session.workspace.definitions.isEmpty)
    }

    @Test("explain shows the definition, what it reads and what uses it")
    func explain() throws {
        let recorder = session("metric spend = sum(m.spend) where m.channel == \"search\"; metric double = spend * 2; key spend")
        #expect(recorder.run("explain spend") == nil)
        let explanation = try recorder.last(\.explanation)
        #expect(MetricRenderer(style: .plain).explanation(explanation) == """
            spend · metric · key KPI
              metric spend = sum(m.spend) where m.channel == "search"
              reads      m.spend, m.channel
              depends on —
              used by    double
              latest     2026-03 = 120
              periods    4 months from 2025-12
            """)
    }

    @Test("show as csv, json and markdown")
    func formats() throws {
        let recorder = session("metric c = sum(m.customers); metric r = c / sum(m.clicks) as percent")
        let render = { (statement: String) -> String in
            try recorder.mustRun(statement)
            let view = try recorder.last(\.view)
            return MetricRenderer(style: .plain).view(view)
        }
        #expect(try render("show c, r last 2 as csv") == "period,c,r\n2026-02,0,\n2026-03,3,0.25")
        #expect(try render("show c last 1 by m.channel as json") == """
            [
              {"period": "2026-03", "channel": "search", "c": 3},
              {"period": "2026-03", "channel": "social", "c": 0}
            ]
            """)
        #expect(try render("show c, r last 2 as markdown") == """
            | period | c | r |
            |---|---:|---:|
            | 2026-02 | 0 |  |
            | 2026-03 | 3 | 25.0% |
            """)
        #expect(try render("show c, r last 2") == """
            period   c      r
            ───────  ─  ─────
            2026-02  0      —
            2026-03  3  25.0%
            """)
    }

    @Test("money and percentages read as such, carried through derived metrics")
    func units() throws {
        let recorder = Recorder()
        try recorder.mustRun("""
            load "\(Fixtures.path("messy.csv"))" as ads
            metric spend = sum(ads.spend_usd)
            metric campaigns = count_distinct(ads.campaign_name)
            metric per_campaign = spend / campaigns
            metric ctr = avg(ads.ctr)
            metric multiple = spend / spend
            metric plain = avg(ads.ctr) as number
            """)
        let units = ["spend", "campaigns", "per_campaign", "ctr", "multiple", "plain"].map {
            recorder.session.workspace.definitions[$0]?.unit
        }
        #expect(units == [.money("$"), .number, .money("$"), .percent, .number, .number])
        try recorder.mustRun("grain year; show spend, per_campaign, ctr")
        let view = try recorder.last(\.view)
        #expect(MetricRenderer(style: .plain).view(view) == """
            period       spend  per_campaign   ctr
            ──────  ──────────  ────────────  ────
            2026    $1,236,748      $412,249  5.3%
            """)
    }

    @Test("more than 7 key KPIs gets a warning that explains why")
    func keys() throws {
        let names = (1...8).map { "k\($0)" }
        let recorder = session(names.map { "metric \($0) = count(m)" }.joined(separator: "; "))
        #expect(recorder.run("key " + names.joined(separator: ", ")) == nil)
        let text = try recorder.last(\.message)
        #expect(text.contains("warning: 8 key KPIs is more than 7"))
    }
}
