import Testing
@testable import KPICore
@testable import KPIRender

/// Goals on Fixtures/goals.csv: customers 100, 110, …, 150 (January to June 2026),
/// cost per customer 10, 9.09, 9.17, 8.46, 8.57, 8.00.
@Suite("Goals")
struct GoalTests {
    private func session(_ statements: String) -> Recorder {
        let recorder = Recorder()
        let setup = """
            load "\(Fixtures.path("goals.csv"))" as g
            metric c = sum(g.customers)
            metric cost = sum(g.cost)
            metric cpc = cost / c
            objective grow "More customers"
            key c, cpc
            """
        if let error = recorder.run(setup + "\n" + statements) { Issue.record("failed: \(error)") }
        return recorder
    }

    /// The report of `goal`; fails the test (and throws) when `goals` printed none.
    private func report(_ goal: String, _ statements: String = "") throws -> GoalReport {
        let recorder = session(statements + "\n" + goal)
        let view = try recorder.last(\.goals)
        return try #require(view.reports.first, "no goal report for \(goal): \(view)")
    }

    /// A session on one value a month from January of `year`: metric c, the key KPI of objective grow.
    private func monthly(from year: Int, _ values: [Double]) throws -> Recorder {
        var text = "day,customers\n"
        for (month, value) in values.enumerated() {
            text += "\(year + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)-15,\(value)\n"
        }
        let recorder = Recorder()
        try recorder.mustRun("load \"\(Fixtures.temporary(text))\" as t; metric c = sum(t.customers); objective grow \"More\"; key c")
        return recorder
    }

    private func marks(_ report: GoalReport) -> String {
        report.letters.map(\.glyph).joined()
    }

    /// Six months rising by 10 exactly: too short for an exponential-smoothing trend, so
    /// `auto` takes the straight line (lower AICc than a flat level), and it has no doubt.
    @Test("a goal history can reach: every letter passes, the forecast meets it")
    func achievable() throws {
        let report = try self.report("goal a: c >= 170 by 2026-08 for grow")
        #expect(marks(report) == "✓✓✓✓✓")
        #expect(report.letters[2].text == "the target 170 is inside the 80% forecast interval for 2026-08 (170–170, linear trend); "
            + "P(met) >99%; needs +6.5%/month; best on record +10.0%, median +8.3%, reached in 5 of 5 months")
        let outlook = try #require(report.outlook)
        #expect(abs(outlook.forecast - 170) < 1e-9)
        #expect(outlook.probability == 1)
        #expect(report.letters[4].text == "deadline 2026-08, 2 months after the latest data")
        #expect(report.letters[3].text == "serves grow: More customers")
        #expect(report.trendForecast == 170)
        // The compound rate (150 / 100)^(1/5) − 1, not the mean of the monthly rates (176.43).
        #expect(abs(report.growthRate - 0.08447177119769855) < 1e-12)
        #expect(abs(report.growthForecast - 176.41185337870104) < 1e-9, "150 · 1.5^(2/5)")
        #expect(abs(report.attainment - 150.0 / 170) < 1e-12)
        #expect(report.verdict == .onTrack)
    }

    @Test("a target beyond the forecast interval fails Achievable; the pace it needs is still said")
    func paces() throws {
        let rare = try report("goal b: c >= 180 by 2026-08 for grow")
        #expect(rare.letters[2].mark == .fail, "the line, with no scatter, reaches 170")
        #expect(rare.letters[2].text.hasSuffix("reached in 1 of 5 months"))
        #expect(rare.verdict == .atRisk, "the forecast reaches 170 of 180: within 10%")
        let never = try report("goal b: c >= 300 by 2026-08 for grow")
        #expect(never.letters[2].mark == .fail)
        #expect(never.letters[2].text.hasSuffix("; P(met) <1%; needs +41.4%/month; best on record +10.0%, median +8.3%, "
            + "reached in 0 of 5 months"))
        #expect(try #require(never.outlook).probability == 0)
    }

    /// A noisy history: the target's place in the 80% and 95% intervals sets the mark, and
    /// P(met) is the forecast distribution's share beyond the target.
    @Test("Achievable reads the 80% and 95% intervals; P(met) agrees with them")
    func intervals() throws {
        var random = Rng(seed: 21)
        let recorder = try monthly(from: 2024, (0..<36).map { _ in 1_000 + 40 * random.normal() })
        try recorder.mustRun("goal g: c >= 1000 by 2027-03 for grow")
        let middle = try #require(try recorder.last(\.goals).reports.first?.outlook)
        #expect(middle.mark == .pass)
        #expect(middle.probability > 0.3 && middle.probability < 0.7, "\(middle.probability)")
        let between = (middle.high80 + middle.high95) / 2
        try recorder.mustRun("goal g: c >= \(between) by 2027-03 for grow")
        let stretch = try #require(try recorder.last(\.goals).reports.first)
        #expect(stretch.letters[2].mark == .warning)
        #expect(try #require(stretch.outlook).probability > 0.025 && stretch.outlook!.probability < 0.1)
        #expect(stretch.letters[2].text.contains("but inside the 95%"))
        try recorder.mustRun("goal g: c <= \(middle.low95 - 10) by 2027-03 for grow")
        let beyond = try #require(try recorder.last(\.goals).reports.first)
        #expect(beyond.letters[2].mark == .fail)
        #expect(try #require(beyond.outlook).probability < 0.025)
    }

    @Test("a goal that wants a decrease: attainment is target ÷ actual")
    func decrease() throws {
        let report = try self.report("goal d: cpc <= 7 by 2026-08 for grow")
        #expect(report.letters[2].mark == .pass)
        #expect(report.letters[2].text.hasSuffix("needs -6.5%/month; best on record -9.1%, median -6.7%, reached in 3 of 5 months"))
        #expect(report.attainment == 7.0 / 8)
    }

    @Test("a vague goal is a draft, and each letter says what it lacks")
    func draft() throws {
        let report = try self.report("goal \"increase sales\"")
        #expect(report.goal.isDraft)
        #expect(marks(report) == "✗✗⚠✗✗")
        #expect(report.letters[0].text.hasPrefix("it names no metric"))
        #expect(report.letters[4].text.hasPrefix("there is no deadline"))
        #expect(!report.isSMART)
    }

    @Test("no objective, a past deadline, no data, a zero baseline: clear verdicts")
    func edges() throws {
        let loose = try report("goal e: c >= 170 by 2026-08")
        #expect(loose.letters[3].mark == .fail)
        let past = try report("goal p: c >= 100 by 2026-03 for grow")
        #expect(past.letters[4].mark == .fail)
        #expect(past.letters[4].text == "the deadline 2026-03 is already past (latest data 2026-06)")
        #expect(past.verdict == .met)
        let empty = try report("goal n: none >= 5 by 2026-08 for grow", "metric none = avg(g.cost) where g.cost > 5000")
        #expect(empty.letters[1].mark == .fail)
        #expect(empty.verdict == .noData)
        let zero = try report("goal z: zero >= +20% by 2026-08 for grow", "metric zero = c * 0")
        #expect(zero.target == 0)
        #expect(zero.verdict == .met)
    }

    @Test("a goal on an unknown metric or objective is refused with a suggestion")
    func unknown() {
        let recorder = session("")
        #expect(recorder.run("goal x: cc >= 1 by 2026-08")?.error.help == "did you mean 'c'?")
        #expect(recorder.run("goal x: c >= 1 by 2026-08 for grwo")?.error.help == "did you mean 'grow'?")
    }

    @Test("the scorecard weighs attainment, capped at 150% per goal")
    func scorecard() throws {
        let recorder = session("""
            goal a: c >= 170 by 2026-08 for grow weight 2
            goal d: cpc <= 7 by 2026-08 for grow
            goal e: c >= 50 by 2026-08 for grow
            scorecard
            """)
        let card = try recorder.last(\.scorecard)
        #expect(abs(card.score - (2 * 150.0 / 170 + 7.0 / 8 + 1.5) / 4) < 1e-12)
        #expect(GoalRenderer(style: .plain).scorecard(card).hasSuffix(
            "weighted score: 103.5% (weights × attainment, attainment capped at 150% per goal)"))
    }

    @Test("plan against actual: variance and variance %")
    func plan() throws {
        let recorder = session("plan c = 140, 155 from 2026-05\nshow c vs plan last 2 as csv")
        let view = try recorder.last(\.view)
        #expect(MetricRenderer(style: .plain).view(view) == """
            period,plan,actual,variance,variance %
            2026-05,140,140,0,0
            2026-06,155,150,-5,-0.03225806451612903
            """)
    }

    @Test("a goal without a plan has the straight line from the latest value to its target")
    func implicitPlan() throws {
        let recorder = session("goal a: c >= 170 by 2026-08 for grow\nshow c vs plan from 2026-07 as csv")
        let view = try recorder.last(\.view)
        #expect(MetricRenderer(style: .plain).view(view) == """
            period,plan,actual,variance,variance %
            2026-07,160,,,
            2026-08,170,,,
            """)
    }

    @Test("goals notes the classic mistakes: idle objectives, key KPIs without goals, goals on secondary metrics")
    func practice() throws {
        let recorder = session("objective keep \"Keep them\"\ngoal a: cost <= 1000 by 2026-08 for grow\ngoals")
        let view = try recorder.last(\.goals)
        #expect(view.notes.count == 3)
        #expect(view.notes[0] == "objective keep has no goal: an objective is reached through measurable goals")
        #expect(view.notes[1].hasPrefix("key KPIs c, cpc serve no goal"))
        #expect(view.notes[2].hasPrefix("goals on cost, which is not a key KPI"))
    }

    @Test("catalog maps a standard KPI onto the loaded columns, or says what is missing")
    func catalog() throws {
        let recorder = session("")
        try recorder.mustRun("load \"\(Fixtures.path("metrics.csv"))\" as ads; catalog cac")
        let view = try recorder.last(\.catalog)
        #expect(view.statement == "metric cac = sum(g.cost) / sum(g.customers)", "the first table with every column")
        try recorder.mustRun("catalog bounce_rate")
        let missing = try recorder.last(\.catalog)
        #expect(missing.statement == nil)
        #expect(missing.missing.count == 2)
        #expect(CatalogEntry.all.count >= 18)
    }

    @Test("the compound rate counts the calendar: a month without data is a month")
    func compoundRateOverGaps() throws {
        let path = Fixtures.temporary("day,customers\n2026-01-10,100\n2026-03-10,121\n")
        let recorder = Recorder()
        try recorder.mustRun("load \"\(path)\" as t; metric c = sum(t.customers); objective grow \"More\"; key c")
        try recorder.mustRun("metric kept = if(c > 0, c, c / 0)")  // February: null, not 0
        try recorder.mustRun("goal g: kept >= 200 by 2026-05 for grow")
        let report = try #require(try recorder.last(\.goals).reports.first)
        #expect(abs(report.growthRate - 0.1) < 1e-12, "(121 / 100)^(1/2) − 1 over January … March")
        #expect(abs(report.growthForecast - 121 * 1.21) < 1e-9)
    }

    /// Four years of a season that peaks in December: the pace a December goal needs is set
    /// beside the same months a year ago, compounded per month.
    @Test("a seasonal series compares the pace needed with the same months a season ago")
    func seasonalPace() throws {
        let season: [Double] = [80, 82, 90, 95, 100, 98, 96, 94, 100, 104, 112, 140]
        let recorder = try monthly(from: 2023, (0..<46).map { season[$0 % 12] * (1 + 0.005 * Double($0)) })
        try recorder.mustRun("goal g: c >= 150 by 2026-12 for grow")
        let report = try #require(try recorder.last(\.goals).reports.first)
        let pace = try extract("a pace", from: report.letters[2].reason) { reason -> GoalReport.Pace? in
            if case .outlook(_, let pace?) = reason { pace } else { nil }
        }
        let last = try #require(pace.lastSeason)
        #expect(last.from == Period(grain: .month, ordinal: 2025 * 12 + 9) && last.to == Period(grain: .month, ordinal: 2025 * 12 + 11))
        let october = 104 * (1 + 0.005 * 33), december = 140 * (1 + 0.005 * 35)
        #expect(abs(last.total - (december / october - 1)) < 1e-12)
        #expect(abs(last.perPeriod - ((december / october).squareRoot() - 1)) < 1e-12)
        #expect(report.letters[2].text.contains("; a season ago 2025-10→2025-12 grew +"))
        #expect(report.letters[2].mark == .pass, "December's peak is in the seasonal forecast: \(report.letters[2].text)")
    }

    @Test("the Achievable median of an even count is the mean of the middle two")
    func evenMedian() throws {
        let path = Fixtures.temporary("day,customers\n2026-01-10,100\n2026-02-10,110\n2026-03-10,132\n2026-04-10,171.6\n2026-05-10,240.24\n")
        let recorder = Recorder()
        try recorder.mustRun("load \"\(path)\" as t; metric c = sum(t.customers); objective grow \"More\"; key c")
        try recorder.mustRun("goal g: c >= 1000 by 2026-08 for grow")
        let report = try #require(try recorder.last(\.goals).reports.first)
        let pace = try extract("a pace", from: report.letters[2].reason) { reason -> GoalReport.Pace? in
            switch reason {
            case .pace(let pace), .outlook(_, let pace?): pace
            default: nil
            }
        }
        #expect(abs(pace.median - 0.25) < 1e-12, "rates +10%, +20%, +30%, +40%")
        #expect(report.letters[2].text.contains("median +25.0%"))
    }
}
