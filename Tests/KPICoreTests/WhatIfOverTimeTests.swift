import Glibc
import Testing
@testable import KPICore
@testable import KPIRender

/// Paths, totals, goals on totals, probability targets, correlated and fitted inputs,
/// each against a closed form.
@Suite("What-if over time")
struct WhatIfOverTimeTests {
    private func recorder(_ statements: String) throws -> Recorder {
        let recorder = Recorder()
        try recorder.mustRun(statements)
        return recorder
    }

    /// `show NAME` as (first period, values).
    private func shown(_ name: String, in recorder: Recorder) throws -> (first: String, values: [Double]) {
        try recorder.mustRun("show \(name)")
        let view = try recorder.last(\.view)
        return (try #require(view.periods.first).description, try view.values())
    }

    @Test("a growing path is its value times (1 + rate)^k for a year of periods")
    func growingPath() throws {
        let recorder = try recorder("let budget = 80k from 2026-11 growing 3%")
        let (first, values) = try shown("budget", in: recorder)
        #expect(first == "2026-11")
        #expect(values.count == 12)
        for (k, value) in values.enumerated() {
            #expect(abs(value - 80_000 * Glibc.pow(1.03, Double(k))) < 1e-6)
        }
        try recorder.mustRun("let short = 10, 20 from 2027-01")
        #expect(try shown("short", in: recorder).values == [10, 20])
        try recorder.mustRun("let flat = 5 from 2027-01 to 2027-06")
        #expect(try shown("flat", in: recorder).values == [5, 5, 5, 5, 5, 5])
    }

    @Test("a list must fit its periods, and growing takes one value")
    func pathErrors() {
        let recorder = Recorder()
        #expect(recorder.run("let b = 1, 2, 3 from 2027-01 to 2027-06")?.error.message
                == "the list has 3 values but 2027-01 to 2027-06 is 6 months")
        #expect(recorder.run("let b = 1, 2 from 2027-01 growing 3%")?.error.message
                == "a list gives every period's value; growing applies to one starting value")
        #expect(recorder.run("let b = 1 from 2027-06 to 2027-01")?.error.message == "the path ends at 2027-01, before it starts (2027-06)")
        #expect(recorder.run("let b = 1, 2")?.error.message.hasPrefix("expected 'from' and the first period") == true)
        #expect(recorder.session.workspace.definitions.isEmpty)
    }

    @Test("metrics on a path are series over it; total adds the periods asked for")
    func totals() throws {
        let recorder = try recorder("""
            let budget = 1000 from 2027-01 growing 10%
            let cpc = 2
            metric clicks = budget / cpc
            show total(clicks from 2027-02 to 2027-04)
            """)
        let total = try #require(try recorder.last(\.view).values().first)
        #expect(abs(total - (1100 + 1210 + 1331) / 2) < 1e-9)
        #expect(recorder.run("show total(cpc from 2027-01 to 2027-02)")?.error.message
                == "from … to … picks periods of a value over time, and this is one number")
    }

    @Test("by quarter a path of months is summed, a rate averaged, and a quarter it covers in part is null")
    func coarserGrain() throws {
        let recorder = try recorder("""
            let budget = 1, 2, 3, 4, 5, 6, 7 from 2027-01
            let close_rate = 10%, 20%, 30%, 40%, 50%, 60% from 2027-01
            grain quarter
            """)
        #expect(try shown("budget", in: recorder).values.map { $0.isNaN ? -1 : $0 } == [6, 15, -1])
        let rates = try shown("close_rate", in: recorder).values
        #expect(abs(rates[0] - 0.2) < 1e-12 && abs(rates[1] - 0.5) < 1e-12)
        try recorder.mustRun("grain week")
        #expect(recorder.run("show budget")?.error.message.contains("a month does not split into weeks") == true)
    }

    @Test("a scenario's path replaces the base from its period on")
    func scenarioFrom() throws {
        let recorder = try recorder("""
            let budget = 100 from 2027-01 to 2027-04
            scenario push: budget = budget * 1.5 from 2027-03
            compare base, push on budget from 2027-01 to 2027-04
            """)
        let view = try recorder.last(\.view)
        #expect(view.columns.map(\.label) == ["base", "push"])
        #expect(try view.values(column: 0) == [100, 100, 100, 100])
        #expect(try view.values(column: 1) == [100, 100, 150, 150])
    }

    @Test("a goal on a total adds up the deadline's months, measured by quarter")
    func goalOnTotal() throws {
        var rows = "date,n\n"
        for month in 1...9 { rows += "2026-\(month < 10 ? "0" : "")\(month)-15,\(100 * month)\n" }
        let recorder = try recorder("""
            load "\(Fixtures.temporary(rows))" as t
            metric n = sum(t.n)
            objective grow "More"
            goal q3: total(n) >= 2000 by 2026-Q3 for grow
            """)
        let report = try #require(try recorder.last(\.goals).reports.first)
        #expect(report.latest == 700 + 800 + 900)
        #expect(report.latestPeriod?.description == "2026-Q3")
        #expect(report.verdict == .met)
        #expect(report.letters[1].text == "total(n) adds up each quarter's months: 3 quarters, up to 2026-Q3")
        #expect(recorder.run("goal h: total(n from 2026-01 to 2026-06) >= 1 by 2026-06")?.error.message
                == "a goal's total adds up the period of its deadline")
    }

    /// planned = budget × k with k ~ normal(2%, 0.4%): P(planned ≥ T) = 1 − Φ((T / budget − μ) / σ).
    private static let probabilityModel = """
        let budget = 50k
        let k = normal(2%, 0.4%)
        metric planned = budget * k
        """

    @Test("solve on a probability lands where the analytic probability is the one asked for, within 3 Monte Carlo errors")
    func probabilitySolve() throws {
        let runs = 20_000.0
        let recorder = try recorder(Self.probabilityModel + "\nsolve budget for P(planned >= 1400) = 80% runs 20000 seed 3")
        let result = try recorder.last(\.solved)
        let chance = try #require(result.probability)
        let analytic = 1 - NormalDistribution.cdf((1400 / result.value - 0.02) / 0.004)
        let error = (0.8 * 0.2 / runs).squareRoot()
        #expect(abs(analytic - 0.8) < 3 * error)
        #expect(abs(chance.achieved - 0.8) < 3 * error)
        #expect(abs(chance.standardError - (chance.achieved * (1 - chance.achieved) / runs).squareRoot()) < 1e-12)
        #expect(abs(result.value - 1400 / (0.02 - 0.004 * NormalDistribution.quantile(0.8))) / result.value < 0.01)
        #expect(result.evaluations < 60)
        let text = WhatIfRenderer(style: .plain).solved(result)
        #expect(text.contains("check: P(planned >= 1,400) = "))
        #expect(text.contains("each 20,000 runs on the same draws (seed 3)"))
    }

    @Test("solve on a probability says when no value in the range reaches it")
    func probabilityOutOfReach() throws {
        let recorder = try recorder(Self.probabilityModel)
        let failure = try #require(recorder.run("solve budget for P(planned >= 1400) = 80% between 0 and 1000"))
        #expect(failure.error.message.hasPrefix("no value of budget in 0 … 1000 gives P(planned >= 1400) = 80%; there it is from 0% to 0%"))
    }

    @Test("a path is solved for its first value, every period in proportion")
    func solvePath() throws {
        let recorder = try recorder("""
            let budget = 1000 from 2027-01 growing 10%
            metric clicks = budget / 2
            solve budget for total(clicks from 2027-01 to 2027-03) = 6620
            """)
        let result = try recorder.last(\.solved)
        // Base total (1000 + 1100 + 1210) / 2 = 1655: the target is four times it.
        #expect(abs(result.value - 4000) < 1e-6)
        #expect(abs(try #require(result.pathScale) - 4) < 1e-9)
    }

    /// Spearman's ρ computed here, by sorting, apart from the code under test.
    private func spearman(_ a: [Double], _ b: [Double]) -> Double {
        func ranks(_ x: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: x.count)
            for (rank, index) in x.indices.sorted(by: { x[$0] < x[$1] }).enumerated() { r[index] = Double(rank) }
            return r
        }
        let (x, y) = (ranks(a), ranks(b))
        let n = Double(a.count), mean = (n - 1) / 2
        let num = zip(x, y).map { ($0 - mean) * ($1 - mean) }.reduce(0, +)
        let den = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        return num / den
    }

    @Test("correlated inputs reach the rank correlation asked for within 0.02 at 100k runs and keep their distributions")
    func correlated() throws {
        let recorder = try recorder("""
            let cpc = lognormal(0, 0.1)
            let close_rate = normal(20%, 2%)
            let price = uniform(40, 60)
            metric value = close_rate / cpc * price
            correlate cpc, close_rate -0.5
            simulate value runs 100000 seed 4 as csv
            """)
        let view = try recorder.last(\.simulation)
        let draws = try #require(view.draws)
        #expect(draws.columns == ["cpc", "close_rate", "price", "value"])
        let (cpc, close, price) = (draws.values[0], draws.values[1], draws.values[2])
        #expect(abs(spearman(cpc, close) + 0.5) < 0.02)
        #expect(abs(spearman(cpc, price)) < 0.02)
        let reported = try #require(view.correlations.first)
        // kpi ranks by the top bits of each value (a radix sort): ties closer than ~1e-8 relative differ.
        #expect(abs(reported.achieved - spearman(cpc, close)) < 1e-6)
        let mean = close.reduce(0, +) / 1e5
        let sd = (close.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (1e5 - 1)).squareRoot()
        #expect(abs(mean - 0.2) < 4 * 0.02 / 1e5.squareRoot())
        #expect(abs(sd - 0.02) < 0.02 * 0.01)
        #expect(cpc.allSatisfy { $0 > 0 } && price.allSatisfy { $0 >= 40 && $0 <= 60 })
        for run in [0, 777, 99_999] { #expect(abs(draws.values[3][run] - close[run] / cpc[run] * price[run]) < 1e-9) }
    }

    @Test("an impossible set of correlations is refused, naming the inputs; a number cannot be correlated")
    func impossibleCorrelations() throws {
        let recorder = try recorder("""
            let a = normal(0, 1)
            let b = normal(0, 1)
            let c = normal(0, 1)
            let d = 3
            correlate a, b 0.6
            correlate a, c 0.6
            """)
        // b and c both move with a: they cannot also move against each other this much.
        let failure = try #require(recorder.run("correlate b, c -0.6"))
        #expect(failure.error.message == "a, b and c cannot have these rank correlations together (a–b 0.6, a–c 0.6, b–c -0.6): "
                + "no inputs can, the matrix is not positive semi-definite")
        #expect(recorder.session.workspace.correlations.count == 2)
        #expect(recorder.run("correlate a, d 0.3")?.error.message == "correlate pairs uncertain assumptions, and d is not one")
        let drop = try #require(recorder.run("drop b"))
        #expect(drop.error.message == "b is correlated with a in simulate" && drop.error.help == "correlate a, b 0 removes the correlation")
        try recorder.mustRun("correlations")
        #expect(try recorder.last(\.message) == "rank correlations in simulate:\n  a, b   0.60\n  a, c   0.60")
    }

    @Test("fit takes the normal or lognormal of the larger likelihood, with the closed-form estimates")
    func fits() throws {
        let skewed = [1.0, 1.2, 1.1, 1.5, 2.5, 4.0]
        let fit = try #require(DistributionFit(skewed, from: Period(literal: "2026-01")!, to: Period(literal: "2026-06")!))
        let logs = skewed.map { Glibc.log($0) }
        let mu = logs.reduce(0, +) / 6
        let sigma = (logs.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 6).squareRoot()
        let mean = skewed.reduce(0, +) / 6
        let sd = (skewed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot()
        let normalLikelihood = skewed.map { -Glibc.log(sd * (2 * Double.pi).squareRoot()) - ($0 - mean) * ($0 - mean) / (2 * sd * sd) }.reduce(0, +)
        let lognormalLikelihood = skewed.map {
            -Glibc.log($0 * sigma * (2 * Double.pi).squareRoot()) - (Glibc.log($0) - mu) * (Glibc.log($0) - mu) / (2 * sigma * sigma)
        }.reduce(0, +)
        #expect(abs(fit.normalLogLikelihood - normalLikelihood) < 1e-9)
        #expect(abs(try #require(fit.lognormalLogLikelihood) - lognormalLikelihood) < 1e-9)
        #expect(fit.kind == "lognormal")
        #expect(abs(fit.parameters[0] - mu) < 1e-12 && abs(fit.parameters[1] - sigma) < 1e-12)
        let signed = try #require(DistributionFit([-1, 2, 0.5, 3], from: Period(literal: "2026-01")!, to: Period(literal: "2026-04")!))
        #expect(signed.kind == "normal" && signed.lognormalLogLikelihood == nil)
        #expect(abs(signed.parameters[0] - 1.125) < 1e-12)
        #expect(DistributionFit([2, 2, 2], from: Period(literal: "2026-01")!, to: Period(literal: "2026-03")!) == nil)
    }

    @Test("let x = fit(…) names the distribution fitted and the periods, and explain shows why")
    func fitInSession() throws {
        var rows = "date,spend,clicks\n"
        let cpcs = [1.0, 1.2, 1.1, 1.5, 2.5, 4.0]
        for (index, cpc) in cpcs.enumerated() { rows += "2026-0\(index + 1)-10,\(cpc * 100),100\n" }
        let recorder = try recorder("""
            load "\(Fixtures.temporary(rows))" as t
            metric cpc_history = sum(t.spend) / sum(t.clicks)
            let cpc = fit(cpc_history, last 6)
            """)
        let text = OutputRenderer(style: .plain).render(try #require(recorder.outputs.last)) ?? ""
        // ln of the six values: mean 0.4976, sd 0.4971 (divided by n); mean exp(μ + σ²/2) = 1.86.
        #expect(text == "let cpc = lognormal(0.4976, 0.4971), fitted to 6 months (2026-01 … 2026-06): mean 1.86, 90% range 0.73–3.73")
        try recorder.mustRun("explain cpc")
        let explanation = try recorder.last(\.explanation)
        #expect(explanation.fit?.kind == "lognormal")
    }

    @Test("a path's draws times a number, plus a number, keep every run; a reduction beyond the simulated periods is refused")
    func factoredWithNumbers() throws {
        let recorder = try recorder("""
            let budget = 1000 from 2027-01 to 2027-03
            let k = normal(2, 0.2)
            metric twice = budget * k * 2 + 1
            simulate total(twice from 2027-01 to 2027-03) runs 20000 as csv
            """)
        let draws = try #require(try recorder.last(\.simulation).draws)
        let k = draws.values[0], total = draws.values[1]
        for run in [0, 1, 19_999] { #expect(abs(total[run] - 3 * (1000 * k[run] * 2 + 1)) < 1e-6) }
        #expect(Set(total).count > 19_000)
        try recorder.mustRun("metric spill = twice + total(twice from 2027-01 to 2027-03)")
        #expect(recorder.run("simulate spill at 2027-02")?.error.message
                == "this simulation draws 2027-02 only, and these periods reach beyond")
        #expect(recorder.run("scenario s: k = 1 from 2027-01, k = 2 from 2027-02")?.error.message == "k is replaced twice in this scenario")
        #expect(recorder.run("let bad = lognormal(0 / 0, 1)")?.error.message == "lognormal() takes finite numbers")
    }

    @Test("simulate on a path: at a period, and a total over a horizon, match their means")
    func simulatePath() throws {
        let recorder = try recorder("""
            let budget = 1000 from 2027-01 growing 10%
            let k = normal(2, 0.2)
            metric planned = budget * k
            simulate planned at 2027-03 runs 50000
            """)
        let atPeriod = try recorder.last(\.simulation)
        #expect(abs(atPeriod.mean - 1210 * 2) < 3 * 1210 * 0.2 / 50_000.0.squareRoot())
        #expect(atPeriod.period?.description == "2027-03")
        try recorder.mustRun("simulate total(planned from 2027-01 to 2027-03) runs 50000")
        let total = try recorder.last(\.simulation)
        #expect(abs(total.mean - 3310 * 2) < 3 * 3310 * 0.2 / 50_000.0.squareRoot())
        #expect(abs(total.sd - 3310 * 0.2) < 3310 * 0.2 * 0.02)
        try recorder.mustRun("sensitivity total(planned from 2027-01 to 2027-03) to budget by 10%")
        let tornado = try recorder.last(\.sensitivity)
        #expect(abs(tornado.base - 6620) < 1e-9)
        #expect(abs(try #require(tornado.rows.first).high - 6620 * 1.1) < 1e-6)
    }
}
