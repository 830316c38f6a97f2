import Testing
@testable import KPICore

/// The statement families on their own: each handler runs on a StatementContext, and a
/// failing statement leaves the context's workspace as it was.
@Suite("Statement handlers")
struct StatementHandlerTests {
    private func context(_ workspace: Workspace = Workspace(), text: String = "") -> StatementContext {
        StatementContext(workspace: workspace, cache: EvaluationCache(), files: FilePolicy(), text: text, defaultFormat: .table,
                         cancellation: CancellationFlag(), assumptionOverrides: [:])
    }

    private func statement(_ text: String) throws -> Statement {
        try #require(try Parser.parse(SourceText(name: "<t>", text: text)).first).statement
    }

    /// A workspace with Fixtures/metrics.csv loaded as `m`, through the data handler.
    private func loaded() throws -> Workspace {
        var data = DataStatements(context: context())
        _ = try data.perform(try statement("load \"\(Fixtures.path("metrics.csv"))\" as m"))
        return data.context.workspace
    }

    @Test("data: load puts the table in the context's workspace; grain changes it; an unknown table suggests one")
    func data() throws {
        let workspace = try loaded()
        #expect(workspace.table(named: "m")?.rowCount == 6)
        var data = DataStatements(context: context(workspace))
        _ = try data.perform(try statement("grain week"))
        #expect(data.context.workspace.grain == .week)
        let error = try #require(throws: KPIError.self) { _ = try data.perform(try statement("describe mm")) }
        #expect(error.help == "did you mean 'm'?")
    }

    @Test("metrics: a definition is computed and kept; a cycle leaves the workspace as it was")
    func metrics() throws {
        var metrics = MetricStatements(context: context(try loaded(), text: "metric spend = sum(m.spend)"))
        let output = try metrics.perform(try statement("metric spend = sum(m.spend)"))
        let series = try extract("a defined series", from: output) {
            if case .defined(let summary) = $0, case .series(let series) = summary.value { series } else { nil }
        }
        #expect(series.values == [150, 230, 0, 120], "Dec, Jan (a null skipped), Feb (no rows: 0), Mar")
        #expect(metrics.context.work.definitions == 1)
        _ = try metrics.perform(try statement("metric a = spend * 2"))
        let before = metrics.context.workspace.definitionOrder
        #expect(throws: KPIError.self) { _ = try metrics.perform(try statement("metric spend = a + 1")) }
        #expect(metrics.context.workspace.definitionOrder == before)
        #expect(metrics.context.workspace.definitions["spend"]?.text == "metric spend = sum(m.spend)")
    }

    @Test("metrics: drop refuses a name in use and removes goals, objectives and scenarios by name")
    func drop() throws {
        var metrics = MetricStatements(context: context(try loaded()))
        _ = try metrics.perform(try statement("metric spend = sum(m.spend)"))
        _ = try metrics.perform(try statement("metric double = spend * 2"))
        let error = try #require(throws: KPIError.self) { _ = try metrics.perform(try statement("drop spend")) }
        #expect(error.message == "cannot drop 'spend': double uses it")
        var whatIf = WhatIfStatements(context: context(metrics.context.workspace))
        _ = try whatIf.perform(try statement("scenario more: spend = spend * 2"))
        metrics.context.workspace = whatIf.context.workspace
        let text = try extract("a message from drop", from: try metrics.perform(try statement("drop more"))) {
            if case .message(let text) = $0 { text } else { nil }
        }
        #expect(text == "dropped scenario more")
        #expect(metrics.context.workspace.scenarios.isEmpty)
    }

    @Test("goals: an unknown objective is a typed error with a suggestion")
    func goals() throws {
        var goals = GoalStatements(context: context())
        _ = try goals.perform(try statement("objective grow \"More customers\""))
        let error = try #require(throws: KPIError.self) { _ = try goals.perform(try statement("scorecard grwo")) }
        _ = try extract("unknownObjective(\"grwo\") suggesting grow", from: error) {
            if case .unknownObjective("grwo", _, suggestion: "grow") = $0 { () } else { nil }
        }
        #expect(error.message == "there is no objective 'grwo'")
    }

    @Test("notebook: save writes the standing statements, and refuses to replace a file without save!")
    func notebook() throws {
        let folder = Fixtures.temporary("", name: "placeholder")
        let path = String(folder[..<folder.lastIndex(of: "/")!]) + "/saved.kpi"
        let standing = [Session.Entry(text: "let a = 1", kind: .let, succeeded: true, isRecorded: true)]
        let notebook = NotebookStatements(standing: standing, files: FilePolicy(), exporter: nil, confirmOverwrite: nil)
        let text = try extract("a message from save", from: try notebook.perform(try statement("save \"\(path)\""))) {
            if case .message(let text) = $0 { text } else { nil }
        }
        #expect(text == "saved 1 statement to \(path)")
        #expect(try ScriptFile.read(path).contains("let a = 1\n"))
        let error = try #require(throws: KPIError.self) { _ = try notebook.perform(try statement("save \"\(path)\"")) }
        #expect(error.message == "\(path) already exists; save! \"\(path)\" replaces it")
        #expect(throws: KPIError.self) { _ = try notebook.perform(try statement("export \"r.pdf\"")) }
    }

    @Test("what-if: use of an unknown scenario suggests the closest, base included")
    func whatIf() throws {
        var whatIf = WhatIfStatements(context: context())
        let error = try #require(throws: KPIError.self) { _ = try whatIf.perform(try statement("use bas")) }
        #expect(error.message == "there is no scenario 'bas'")
        #expect(error.help == "did you mean 'base'?")
        #expect(whatIf.context.workspace.activeScenario == nil)
    }
}

/// The domain logic that left the session: plan variance, scorecard maths, simulation
/// statistics, unit inference — each against hand-computed values.
@Suite("Model logic")
struct ModelLogicTests {
    @Test("plan variance: actual − plan, and that as a share of the plan (null where the plan is 0)")
    func variance() {
        let (absolute, relative) = PlanSchedule.variance(actual: [110, 90, 5, .nan], plan: [100, 100, 0, 10])
        #expect(absolute[0] == 10 && absolute[1] == -10 && absolute[2] == 5 && absolute[3].isNaN)
        #expect(relative[0] == 0.1 && relative[1] == -0.1 && relative[2].isNaN && relative[3].isNaN)
    }

    @Test("simulation summary: mean, sd, linear-interpolated percentiles, and P(goal met) over all runs")
    func simulation() throws {
        let goal = Goal(name: "g", statement: GoalStatement(comparison: ">=", target: .value(3)), text: "")
        let summary = try #require(SimulationSummary(draws: [1, 2, 3, 4, 5, .nan], goals: [(goal, 3)]))
        #expect(summary.mean == 3)
        #expect(abs(summary.sd - 1.5811388300841898) < 1e-12)  // sample sd of 1…5
        #expect(summary.percentiles == [1.2, 2, 3, 4, 4.8])
        #expect(summary.goals.map(\.probability) == [0.5], "3 of 6 runs meet it; the run without a value does not")
        #expect(SimulationSummary(draws: [.nan], goals: []) == nil)
    }

    @Test("money is carried through sums and division by a count, not through money ÷ money")
    func currency() throws {
        let path = Fixtures.temporary("day,spend,orders\n2026-01-01,\"$10.00\",2\n")
        let recorder = Recorder()
        #expect(recorder.run("load \"\(path)\" as t; metric spend = sum(t.spend); metric orders = sum(t.orders)") == nil)
        let units = UnitInference(workspace: recorder.session.workspace)
        func unit(_ text: String) throws -> MetricUnit {
            let parsed = try #require(try Parser.parse(SourceText(name: "<t>", text: "show " + text)).first).statement
            let request = try extract("a show statement", from: parsed) { if case .show(let request) = $0 { request } else { nil } }
            return units.unit(of: request.items[0].expression)
        }
        #expect(try unit("spend / orders") == .money("$"))
        #expect(try unit("spend / spend") == .number)
        #expect(try unit("growth(orders)") == .percent)
    }

    @Test("a number written as a percentage keeps the percent unit, whatever its name")
    func percentLiteral() throws {
        let recorder = Recorder()
        #expect(recorder.run("let close = 25%; let drop_off = -5%; let spread = between(20%, 30%); let plain = 25") == nil)
        let units = recorder.session.workspace.definitions
        #expect(units["close"]?.unit == .percent)
        #expect(units["drop_off"]?.unit == .percent)
        #expect(units["spread"]?.unit == .percent)
        #expect(units["plain"]?.unit == .number)
    }
}
