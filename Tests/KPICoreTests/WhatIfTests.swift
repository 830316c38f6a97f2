import Testing
@testable import KPICore
@testable import KPIRender

/// A driver model with closed-form answers: planned = budget / cpc × cvr × close_rate
/// = 60,000 / 2 × 4% × 25% = 300.
@Suite("What-if")
struct WhatIfTests {
    private func session(_ statements: String = "") -> Recorder {
        let recorder = Recorder()
        let model = """
            let budget = 60k
            let cpc = 2
            let cvr = 4%
            let close_rate = 25%
            metric planned = budget / cpc * cvr * close_rate
            """
        if let error = recorder.run(model + "\n" + statements) { Issue.record("failed: \(error)") }
        return recorder
    }

    /// The latest value of `show NAME`; fails the test (and throws) when show fails or prints no value.
    private func value(_ name: String, in recorder: Recorder) throws -> Double {
        try recorder.mustRun("show \(name)")
        let view = try recorder.last(\.view)
        return try #require(try view.values().last, "show \(name) printed no value")
    }

    @Test("scenarios override assumptions, relative to the base value; compare gives the deltas")
    func compare() throws {
        let recorder = session("""
            scenario bigger: budget = budget * 1.2
            scenario cheap_clicks: cpc = 1.5, budget = 50k
            compare base, bigger, cheap_clicks on planned
            """)
        let view = try recorder.last(\.comparison)
        #expect(view.values[0][0] == 300)
        #expect(abs(view.values[0][1] - 360) < 1e-9)
        #expect(abs(view.values[0][2] - 50_000.0 / 1.5 * 0.01) < 1e-9)
        let csv = WhatIfRenderer(style: .plain).comparison(ComparisonView(
            scenarios: view.scenarios, metrics: view.metrics, units: view.units, values: view.values, periods: view.periods,
            goals: [], format: .csv))
        #expect(csv.split(separator: "\n")[2].hasPrefix("planned,bigger,360,60,0.19999"))
    }

    @Test("use makes a scenario active for show; use base returns")
    func use() throws {
        let recorder = session("scenario bigger: budget = budget * 1.2")
        #expect(try value("planned", in: recorder) == 300)
        try recorder.mustRun("use bigger")
        #expect(recorder.session.workspace.activeScenario == "bigger")
        #expect(try abs(value("planned", in: recorder) - 360) < 1e-9)
        try recorder.mustRun("use base")
        #expect(try value("planned", in: recorder) == 300)
    }

    @Test("a scenario on an unknown name, or one that makes a cycle, is refused")
    func refused() {
        let recorder = session("")
        #expect(recorder.run("scenario s: budgt = 1")?.error.help == "did you mean 'budget'?")
        #expect(recorder.run("scenario s: budget = planned * 2")?.error.message == "this would make a cycle: budget → planned → budget")
        #expect(recorder.session.workspace.scenarios.isEmpty)
        #expect(recorder.run("use nothing")?.error.message == "there is no scenario 'nothing'")
    }

    @Test("solve finds the budget of a linear model to 1e-9, in few evaluations")
    func solveLinear() throws {
        let recorder = session("solve budget for planned = 1200")
        let result = try recorder.last(\.solved)
        #expect(abs(result.value - 240_000) / 240_000 < 1e-9)
        #expect(abs(result.metricValue - 1200) < 1e-6)
        #expect(result.evaluations <= 60)
    }

    @Test("solve on a non-linear model, and saved as a scenario")
    func solveNonLinear() throws {
        let recorder = session("metric squared = budget ^ 2 / 1000\nsolve budget for squared = 2500 between 0 and 100k as scenario found")
        let result = try recorder.last(\.solved)
        #expect(abs(result.value - 2_500_000.0.squareRoot()) / 1581 < 1e-9)
        #expect(result.evaluations <= 60)
        #expect(recorder.session.workspace.scenario(named: "found") != nil)
    }

    @Test("solve says when no value reaches the target, and when the metric does not depend on the input")
    func solveFailures() {
        let recorder = session("metric other = cpc * 2")
        let none = recorder.run("solve budget for planned = 1200 between 1 and 10")
        #expect(none?.error.message.hasPrefix("no value of budget in 1 … 10 brings planned to 1200; there it ranges from 0.005 to 0.05") == true)
        #expect(recorder.run("solve budget for other = 3")?.error.message == "other does not depend on budget")
    }

    @Test("sensitivity: each input down and up, sorted by swing")
    func sensitivity() throws {
        let recorder = session("sensitivity planned to budget, cpc, cvr by 10%")
        let view = try recorder.last(\.sensitivity)
        #expect(view.rows.map(\.input) == ["cpc", "budget", "cvr"])
        #expect(abs(view.rows[0].low - 300 / 0.9) < 1e-9)
        #expect(abs(view.rows[0].high - 300 / 1.1) < 1e-9)
        #expect(abs(view.rows[1].low - 270) < 1e-9 && abs(view.rows[1].high - 330) < 1e-9)
    }

    private func simulation(_ expression: String, runs: Int = 20_000) throws -> SimulationView {
        let recorder = Recorder()
        try recorder.mustRun("let x = \(expression)\nmetric y = x * 1\nsimulate y runs \(runs) seed 3")
        let view = try recorder.last(\.simulation)
        return view
    }

    @Test("shows use the means of distributions")
    func means() throws {
        let recorder = Recorder()
        try recorder.mustRun("let a = normal(10, 2); let b = uniform(2, 4); let c = triangular(0, 3, 6); let d = between(-10, 10)")
        for (name, mean) in [("a", 10.0), ("b", 3), ("c", 3), ("d", 0)] { #expect(try value(name, in: recorder) == mean) }
    }

    @Test("each distribution's sample mean and sd, within statistical tolerance")
    func distributions() throws {
        let cases: [(String, Double, Double)] = [
            ("normal(100, 10)", 100, 10), ("uniform(0, 1)", 0.5, (1.0 / 12).squareRoot()),
            ("triangular(0, 1, 2)", 1, (1.0 / 6).squareRoot()),
            ("lognormal(0, 0.5)", DetMath.exp(0.125), ((DetMath.exp(0.25) - 1) * DetMath.exp(0.25)).squareRoot()),
        ]
        for (expression, mean, sd) in cases {
            let view = try simulation(expression)
            #expect(abs(view.mean - mean) < 4 * sd / 141, "\(expression) mean \(view.mean)")
            #expect(abs(view.sd - sd) / sd < 0.03, "\(expression) sd \(view.sd)")
        }
        let range = try simulation("between(10, 20)")
        #expect(abs(range.percentiles[0] - 10) < 0.3 && abs(range.percentiles[4] - 20) < 0.5, "a 90% interval")
    }

    @Test("a linear model of uncertain inputs, and the probability a goal is met")
    func linearModel() throws {
        let recorder = Recorder()
        try recorder.mustRun("""
            let x = normal(10, 1)
            let y = uniform(0, 2)
            metric z = 2 * x + y + 3
            goal high: z >= 24 by 2030
            simulate z runs 40000 seed 11
            """)
        let view = try recorder.last(\.simulation)
        let sd = (4 + 4.0 / 12).squareRoot()
        #expect(abs(view.mean - 24) < 4 * sd / 200)
        #expect(abs(view.sd - sd) / sd < 0.02)
        #expect(abs(view.goals[0].probability - 0.5) < 0.02)
    }

    @Test("the same seed prints the same numbers")
    func reproducible() throws {
        let run = { () throws -> String in
            let recorder = Recorder()
            try recorder.mustRun("let x = normal(5, 1); let y = between(1, 3); metric z = x * y; simulate z runs 5000 seed 42")
            let view = try recorder.last(\.simulation)
            return WhatIfRenderer(style: .plain).simulation(view)
        }
        let first = try run()
        #expect(!first.isEmpty)
        #expect(try first == run())
    }
}
