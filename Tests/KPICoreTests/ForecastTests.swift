import Testing
@testable import KPICore
@testable import KPIRender

/// Forecasting models against cases with a known answer: a constant, a straight line, a
/// season repeating exactly, and noise whose intervals must cover as often as they say.
@Suite("Forecasts")
struct ForecastTests {
    static let december = Period(grain: .month, ordinal: 2026 * 12 + 11)

    static func forecast(_ values: [Double], method: ForecastMethod = .auto, horizon: Int = 12,
                         level: Double = 0.8) throws -> Forecast {
        try #require(Forecaster.forecast(values, lastPeriod: december, horizon: horizon, level: level, method: method))
    }

    @Test("a constant series forecasts itself, with no spread", arguments: ForecastMethod.allCases)
    func constant(method: ForecastMethod) throws {
        let result = try Self.forecast([Double](repeating: 250, count: 36), method: method)
        for point in result.points {
            #expect(Swift.abs(point.forecast - 250) < 1e-6, "\(method) \(point.period)")
            #expect(point.high - point.low < 1e-3, "\(method) \(point.period)")
        }
        #expect(result.points.first?.period == Period(grain: .month, ordinal: Self.december.ordinal + 1))
        // A forecast with no spread meets a target it equals, from above or below.
        let deadline = try #require(result.points.last?.period)
        #expect(result.probability(of: 250, in: deadline, above: true) == 1, "\(method)")
        #expect(result.probability(of: 250, in: deadline, above: false) == 1, "\(method)")
    }

    @Test("a straight line is extended", arguments: [ForecastMethod.auto, .linear])
    func line(method: ForecastMethod) throws {
        let values = (1...48).map { 100 + 3 * Double($0) }
        let result = try Self.forecast(values, method: method)
        for (h, point) in result.points.enumerated() {
            let expected = 100 + 3 * Double(48 + h + 1)
            #expect(Swift.abs(point.forecast - expected) < 0.01 * 3, "\(method) step \(h + 1): \(point.forecast)")
        }
    }

    @Test("a season that repeats exactly is repeated, and auto chooses a seasonal form")
    func season() throws {
        let pattern: [Double] = [80, 85, 100, 110, 120, 130, 125, 115, 105, 95, 90, 140]
        let values = (0..<48).map { pattern[$0 % 12] }
        let result = try Self.forecast(values)
        #expect(result.model.hasSuffix(",A)") || result.model.hasSuffix(",M)"), "\(result.model)")
        for (h, point) in result.points.enumerated() {
            #expect(Swift.abs(point.forecast - pattern[h]) < 0.5, "month \(h + 1): \(point.forecast)")
        }
        let short = try Self.forecast(Array(values.prefix(20))).model
        #expect(!short.hasSuffix(",A)") && !short.hasSuffix(",M)"), "fewer than two seasons: no season (\(short))")
    }

    /// 200 series of white noise around 50 (sd 5): the one-step 80% interval of simple
    /// exponential smoothing must hold the next draw about 80% of the time (±3 standard
    /// errors of 200 draws: 0.715 to 0.885).
    @Test("80% intervals cover 80% of what comes next")
    func coverage() throws {
        var random = Rng(seed: 11)
        var covered = 0
        let runs = 200
        for _ in 0..<runs {
            let values = (0..<60).map { _ in 50 + 5 * random.normal() }
            let fit = try #require(ETSFit.fit(ETSForm(error: .additive, trend: .none, season: .none, period: 1), to: values))
            let (low, high) = fit.forecast(1).interval(0, level: 0.8)
            let next = 50 + 5 * random.normal()
            if next >= low, next <= high { covered += 1 }
        }
        let share = Double(covered) / Double(runs)
        #expect(share > 0.715 && share < 0.885, "\(share)")
    }

    @Test("P(met) reads the forecast distribution at the deadline")
    func probability() throws {
        var random = Rng(seed: 3)
        let values = (0..<60).map { _ in 1_000 + 50 * random.normal() }
        let result = try Self.forecast(values, method: .naive, horizon: 3)
        let deadline = Period(grain: .month, ordinal: Self.december.ordinal + 3)
        let mean = try #require(result.points.last?.forecast)
        #expect(Swift.abs(try #require(result.probability(of: mean, in: deadline, above: true)) - 0.5) < 1e-9)
        let (_, high) = try #require(result.interval(in: deadline, level: 0.8))
        #expect(Swift.abs(try #require(result.probability(of: high, in: deadline, above: true)) - 0.1) < 1e-9)
        #expect(result.probability(of: mean, in: Period(grain: .month, ordinal: Self.december.ordinal + 4), above: true) == nil)
    }

    @Test("simulated futures of a multiplicative model give probabilities and intervals that agree")
    func simulated() throws {
        let pattern: [Double] = [0.8, 0.85, 1, 1.1, 1.2, 1.3, 1.25, 1.15, 1.05, 0.95, 0.9, 1.4]
        var random = Rng(seed: 5)
        let values = (0..<60).map { pattern[$0 % 12] * (1_000 + 10 * Double($0)) * (1 + 0.03 * random.normal()) }
        let fit = try #require(ETSFit.fit(ETSForm(error: .multiplicative, trend: .additive, season: .multiplicative,
                                                   period: 12), to: values))
        let forecast = fit.forecast(12)
        let (low, high) = forecast.interval(5, level: 0.8)
        #expect(low < forecast.means[5] && forecast.means[5] < high)
        #expect(Swift.abs(forecast.probability(5, of: high, above: true) - 0.1) < 0.01)
        #expect(Swift.abs(forecast.probability(5, of: low, above: false) - 0.1) < 0.01)
        let shorter = fit.forecast(6)
        #expect((0..<6).allSatisfy { shorter.interval($0, level: 0.8) == forecast.interval($0, level: 0.8) },
                "a period's simulated futures do not depend on how far the forecast goes")
    }

    @Test("the normal distribution's CDF and quantile")
    func normal() {
        #expect(Swift.abs(NormalDistribution.cdf(0) - 0.5) < 1e-15)
        #expect(Swift.abs(NormalDistribution.cdf(1.959963984540054) - 0.975) < 1e-13)
        #expect(Swift.abs(NormalDistribution.cdf(-3) - 0.0013498980316301) < 1e-14)
        #expect(Swift.abs(NormalDistribution.cdf(-8) - 6.22096057427178e-16) < 1e-25)
        for p in [0.001, 0.02, 0.1, 0.5, 0.8, 0.9, 0.975, 0.999] {
            #expect(Swift.abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) < 1e-13, "\(p)")
        }
        #expect(Swift.abs(NormalDistribution.quantile(0.9) - 1.2815515655446004) < 1e-12)
    }

    @Test("Nelder–Mead finds the bottom of Rosenbrock's valley")
    func simplex() {
        let rosenbrock = { (x: [Double]) in 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]) }
        let (point, value) = NelderMead(maximumEvaluations: 4_000, tolerance: 1e-14)
            .minimise(rosenbrock, from: [-1.2, 1], steps: [0.5, 0.5])
        #expect(value < 1e-8)
        #expect(Swift.abs(point[0] - 1) < 1e-3 && Swift.abs(point[1] - 1) < 1e-3)
    }

    /// The statement on a session: csv is the rows alone with exactly its header, a
    /// constant is refused with the reason, and `explain forecast` scores the season held out.
    @Test("forecast and explain forecast in a session")
    func statement() throws {
        let recorder = Recorder()
        try recorder.mustRun("load \"\(Fixtures.path("goals.csv"))\" as g; metric c = sum(g.customers); let k = 5")
        try recorder.mustRun("forecast c next 2 method linear as csv")
        let view = try recorder.last(\.forecast)
        #expect(view.forecast.points.map(\.period.description) == ["2026-07", "2026-08"])
        let csv = OutputRenderer(style: TerminalStyle(color: false, unicode: true, width: nil)).render(.forecast(view))
        #expect(csv == "period,forecast,low,high\n2026-07,160,160,160\n2026-08,170,170,170")
        let constant = try #require(recorder.run("forecast k"))
        #expect(constant.description.hasPrefix("error: k is one number, not measured per period: there is nothing to forecast"))
        let past = try #require(recorder.run("forecast c to 2026-03"))
        #expect(past.description.hasPrefix("error: 2026-03 is not after c's last value (2026-06)"))
        try recorder.mustRun("chart c with forecast next 2")
        let chart = try recorder.last(\.chart)
        #expect(chart.forecast?.points.count == 2)
        let drawn = OutputRenderer(style: TerminalStyle(color: false, unicode: true, width: 80)).render(.chart(chart)) ?? ""
        #expect(drawn.hasSuffix("── actual   ── forecast (linear trend)   ┈┈ 80% interval"))
        #expect(drawn.contains("2026-08"), "the axis runs to the forecast's last period")
        let early = try #require(recorder.run("chart c to 2026-04 with forecast"))
        #expect(early.description.hasPrefix("error: the chart ends at 2026-04, before 2026-06, the last value the forecast starts from"))
        try recorder.mustRun("plan c = 160, 170 from 2026-07")
        let planned = try #require(recorder.run("chart c vs plan with forecast"))
        #expect(planned.description.hasPrefix("error: with forecast charts one metric measured in at least 3 periods in a row, without by or vs plan"))
        // The exported report's SVG: the band, the dashed forecast from the last value, the axis to 2026-08.
        let svg = try #require(SVGChart.render(.chart(chart)))
        #expect(svg.contains("<polygon fill=\"#f0a33a\""))
        #expect(svg.contains("stroke-dasharray=\"6 4\""))
        #expect(svg.contains(">2026-08</text>"))
    }

    @Test("explain forecast says the model, its parameters and its error on the season held out")
    func explanation() throws {
        let pattern: [Double] = [80, 85, 100, 110, 120, 130, 125, 115, 105, 95, 90, 140]
        var random = Rng(seed: 9)
        var text = "day,orders\n"
        for month in 0..<48 {
            let value = pattern[month % 12] * (1 + 0.01 * Double(month)) * (1 + 0.02 * random.normal())
            text += "\(2023 + month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)-01,\(value)\n"
        }
        let recorder = Recorder()
        try recorder.mustRun("load \"\(Fixtures.temporary(text))\" as t; metric o = sum(t.orders); explain forecast o")
        let view = try recorder.last(\.forecastExplanation)
        let holdout = try #require(view.forecast.holdout)
        #expect(holdout.periods == 12)
        #expect(holdout.scaledError < 1, "a seasonal model beats last season's values on a growing season: \(holdout)")
        let text2 = OutputRenderer(style: TerminalStyle(color: false, unicode: true, width: nil)).render(.forecastExplanation(view)) ?? ""
        #expect(text2.hasPrefix("forecast of o · ETS("))
        #expect(text2.contains("fitted to  48 months, 2023-01 to 2026-12 (a season is 12 months)"))
        #expect(text2.contains("holdout    refitted without the last 12 months: MASE "))
    }
}
