/// A statement of the kpi language (the AST), with source ranges for errors.
public enum Statement: Sendable, Equatable {
    /// `load "PATH" [as NAME]`
    case load(path: Located<String>, alias: Located<String>?)
    /// `load CONNECTION.TABLE [as NAME]`, `load CONNECTION query "SQL" as NAME`: rows of a
    /// database copied into memory.
    case loadRemote(connection: Located<String>, source: RemoteQuery, alias: Located<String>?)
    /// `tables`, or `tables CONNECTION` for a database's tables.
    case tables(connection: Located<String>?)
    /// `connect NAME "shop.sqlite"` or `connect NAME "postgresql://user@host/db"`
    case connect(name: Located<String>, target: Located<String>)
    /// `disconnect NAME`
    case disconnect(Located<String>)
    /// `attach CONNECTION.TABLE [as NAME]`: the table stays in the database.
    case attach(connection: Located<String>, table: RemoteTableName, alias: Located<String>?)
    /// `describe TABLE`
    case describe(table: Located<String>)
    /// `head TABLE [N]`
    case head(table: Located<String>, count: Located<Int>?)
    /// `time TABLE.COLUMN` sets the table's time column; `time TABLE` shows it.
    case time(table: Located<String>, column: Located<String>?)
    /// `grain WORD` sets the session's grain; `grain` alone shows it.
    case grain(Located<Grain>?)
    /// `run "FILE" [with NAME = EXPR, …]`: the assumptions named are replaced where the file defines them.
    case run(path: Located<String>, with: [Override])
    /// `save[!] "FILE" [with output]`; `!` replaces an existing file.
    case save(path: Located<String>, withOutput: Bool, overwrite: Bool)
    /// `export "report.md|html"`: the session as a report with tables and charts.
    case export(path: Located<String>)
    /// `undo`: reverts the last statement that changed the workspace.
    case undo
    /// `reset`: empties the workspace.
    case reset
    /// `history`
    case history
    /// `help [TOPIC]`
    case help(topic: Located<String>?)
    /// `timer on|off`
    case timer(on: Bool)
    /// `quit` (also `exit`)
    case quit
    /// `# text` on a line of its own: narration kept in saved sessions.
    case comment(String)
    /// `metric NAME = EXPR [where COND] [as percent|number]`
    case metric(name: Located<String>, expression: Expression, filter: Expression?, style: ValueStyle?)
    /// `let NAME = EXPR`: an assumption.
    case assumption(name: Located<String>, expression: Expression)
    /// `metrics`: every metric and assumption with its latest value.
    case metrics
    /// `key A, B`: the main KPIs.
    case key([Located<String>])
    /// `explain NAME`, or `explain NAME sql` for the SQL sent for it.
    case explain(Located<String>, sql: Bool)
    /// `drop NAME`
    case drop(Located<String>)
    /// `show A, B [by t.c] [from P] [to P] [last N] [as FORMAT]`
    case show(ShowRequest)
    /// `chart A [by t.c] [from P] [to P] [last N]`
    case chart(ShowRequest)
    /// `forecast METRIC [next N | to PERIOD] [level P%] [method M] [as FORMAT]`
    case forecast(ForecastRequest)
    /// `explain forecast METRIC [clauses of forecast]`: the model, its parameters, its holdout error.
    case explainForecast(ForecastRequest)
    /// `summary`: the key KPIs at a glance.
    case summary
    /// `objective NAME "text"`
    case objective(name: Located<String>, text: String)
    /// `goal NAME: METRIC OP TARGET by PERIOD [for OBJECTIVE] [weight W] ["description"]`, or `goal "free text"`.
    case goal(GoalStatement)
    /// `goals`: every goal with its SMART check and status.
    case goals
    /// `plan METRIC = V, V, … from PERIOD`, `plan METRIC = line|growth to GOAL`
    case plan(metric: Located<String>, plan: PlanStatement)
    /// `scorecard [OBJECTIVE] [as FORMAT]`
    case scorecard(objective: Located<String>?, format: OutputFormat?)
    /// `catalog [NAME]`
    case catalog(Located<String>?)
    /// `scenario NAME: X = EXPR, Y = EXPR`
    case scenario(name: Located<String>, overrides: [Override])
    /// `scenarios`
    case scenarios
    /// `use NAME` (`use base` returns to the base case)
    case use(Located<String>)
    /// `compare base, S1 on M1, M2 [at P | from P to Q] [as FORMAT]`
    case compare(CompareRequest)
    /// `solve X for METRIC = TARGET …` or `solve X for P(METRIC >= T) = 80% …`
    case solve(SolveRequest)
    /// `sensitivity METRIC [at P] to X, Y [by 10%]`
    case sensitivity(metric: Measure, at: Located<Period>?, inputs: [Located<String>], step: Double)
    /// `simulate METRIC [at P] [runs N] [seed S] [as FORMAT]`
    case simulate(metric: Measure, at: Located<Period>?, runs: Int, seed: UInt64, format: OutputFormat?)
    /// `correlate X, Y RANK`
    case correlate(first: Located<String>, second: Located<String>, rank: Located<Double>)
    /// `correlations`
    case correlations

    /// The statement's kind: its row of the catalogue.
    public var kind: StatementKind {
        switch self {
        case .load, .loadRemote: return .load
        case .tables: return .tables
        case .connect: return .connect
        case .disconnect: return .disconnect
        case .attach: return .attach
        case .describe: return .describe
        case .head: return .head
        case .time: return .time
        case .grain: return .grain
        case .run: return .run
        case .save: return .save
        case .history: return .history
        case .help: return .help
        case .timer: return .timer
        case .quit: return .quit
        case .undo: return .undo
        case .export: return .export
        case .reset: return .reset
        case .comment: return .comment
        case .metric: return .metric
        case .assumption: return .let
        case .key: return .key
        case .explain, .explainForecast: return .explain
        case .drop: return .drop
        case .show: return .show
        case .chart: return .chart
        case .forecast: return .forecast
        case .summary: return .summary
        case .metrics: return .metrics
        case .objective: return .objective
        case .goal: return .goal
        case .goals: return .goals
        case .plan: return .plan
        case .scorecard: return .scorecard
        case .catalog: return .catalog
        case .scenario: return .scenario
        case .scenarios: return .scenarios
        case .use: return .use
        case .compare: return .compare
        case .solve: return .solve
        case .sensitivity: return .sensitivity
        case .simulate: return .simulate
        case .correlate: return .correlate
        case .correlations: return .correlations
        }
    }

    /// The statement's keyword, as typed.
    public var keyword: String { kind.keyword }

    /// Whether it changes the workspace, so that `undo` can revert it. `solve` does
    /// only when it saves its answer as a scenario.
    public var changesWorkspace: Bool {
        if case .solve(let request) = self { return request.scenario != nil }
        return kind.entry.traits.contains(.undoable)
    }

    /// Whether `timer on` reports this statement's time (not for the timer itself or comments).
    public var isTimed: Bool { kind.entry.traits.contains(.timed) }

    /// Whether a saved session keeps this statement. Statements about the shell
    /// itself (help, history, timer, save, quit) are not part of the analysis.
    public var isRecorded: Bool { kind.entry.traits.contains(.recorded) }
}

/// A statement with its exact source text, as it goes into journals and saved sessions.
public struct ParsedStatement: Sendable, Equatable {
    public var statement: Statement
    public var range: SourceRange
    /// The statement as written (several lines when it was continued).
    public var text: String
}

/// A goal as written. A draft (`goal "increase sales"`) has only `draft` text.
public struct GoalStatement: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case value(Double)
        /// `+20%`: a change of the latest actual by this fraction.
        case relativePercent(Double)
        /// `+200`: the latest actual plus this amount.
        case relativeAmount(Double)
    }

    public var name: Located<String>?
    public var metric: Located<String>?
    /// `total(METRIC)` (over the deadline's period) or `total(METRIC from P to Q)`.
    public var total: TotalSpan?
    public var comparison: String?
    public var target: Target?
    public var deadline: Located<Period>?
    public var objective: Located<String>?
    public var weight: Double = 1
    public var description: String?
    /// The free text of a draft goal.
    public var draft: String?
}

/// One `X = EXPR` of a scenario; EXPR may read X's base value.
public struct Override: Sendable, Equatable {
    public var name: Located<String>
    public var expression: Expression
    /// The override as written, for `scenarios`.
    public var text: String
}

/// The periods a total adds up: `from P to Q`, either end open (a goal's total without
/// either is over its deadline's period).
public struct TotalSpan: Sendable, Equatable {
    public var from: Period?
    public var to: Period?

    public init(from: Period?, to: Period?) {
        self.from = from
        self.to = to
    }
}

/// What a what-if reads off a metric: the metric at a period, or its total over periods
/// (`total(planned_customers from 2027-01 to 2027-06)`).
public struct Measure: Sendable, Equatable {
    public var metric: Located<String>
    public var total: TotalSpan?
    /// Where it was written, and as written (`total(x from 2027-01 to 2027-06)`).
    public var range: SourceRange
    public var label: String

    public init(metric: Located<String>, total: TotalSpan? = nil, range: SourceRange? = nil, label: String? = nil) {
        self.metric = metric
        self.total = total
        self.range = range ?? metric.range
        self.label = label ?? metric.value
    }
}

/// `compare S1, S2 on M1, M2 [at P | from P to Q] [as FORMAT]`
public struct CompareRequest: Sendable, Equatable {
    public var scenarios: [Located<String>]
    public var metrics: [Located<String>]
    public var at: Located<Period>?
    /// `from … to …`: every period of the range, a row each, a column per scenario and metric.
    public var from: Located<Period>?
    public var to: Located<Period>?
    public var format: OutputFormat?
}

/// `solve X for METRIC = TARGET …` or, on a probability, `solve X for P(METRIC >= T) = 80% …`
public struct SolveRequest: Sendable, Equatable {
    public var input: Located<String>
    public var metric: Measure
    public var target: Double
    public var at: Located<Period>?
    public var between: (low: Double, high: Double)?
    public var scenario: Located<String>?
    /// `P(M op T) = p`: the comparison and the probability sought, simulated with `runs`
    /// and `seed` (the same draws at every trial).
    public var probability: ProbabilityTarget?

    public static func == (a: SolveRequest, b: SolveRequest) -> Bool {
        a.input == b.input && a.metric == b.metric && a.target == b.target && a.at == b.at
            && a.between?.low == b.between?.low && a.between?.high == b.between?.high && a.scenario == b.scenario
            && a.probability == b.probability
    }
}

/// The probability part of `solve X for P(M >= T) = 80% [runs N] [seed S]`.
public struct ProbabilityTarget: Sendable, Equatable {
    public var comparison: String
    public var probability: Double
    public var runs: Int
    public var seed: UInt64
}

/// How planned values are given.
public enum PlanStatement: Sendable, Equatable {
    /// Values for consecutive periods starting at `from`.
    case values([Double], from: Period)
    /// From the latest actual to a goal's target by its deadline: `line` in equal
    /// steps, `growth` at a constant rate.
    case toGoal(Located<String>, growth: Bool)
}

/// How a metric's values read: as a percentage (`4.2%`) or a plain number.
public enum ValueStyle: String, Sendable, Equatable {
    case percent, number
}

/// What `show` and `chart` print.
public enum OutputFormat: String, Sendable, Equatable, CaseIterable {
    case table, csv, json, markdown
}

/// What `by` splits on: `table.column`, or a bare `column` shared by several tables.
public struct Dimension: Sendable, Equatable {
    public var table: String?
    public var column: String

    /// As written.
    public var text: String { table.map { $0 + "." + column } ?? column }
}

/// `table.column`, as written.
public struct ColumnReference: Sendable, Equatable {
    public var table: String
    public var column: String
}

/// The metrics, breakdown and periods `show` and `chart` were asked for.
public struct ShowRequest: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var expression: Expression
        /// The column header: the expression as written.
        public var label: String
        /// `show METRIC vs plan`: plan, actual, variance and variance %.
        public var versusPlan = false
    }

    public var items: [Item]
    /// `by table.column` (that table split), or `by column` (every table that has it).
    public var by: Located<Dimension>?
    public var from: Located<Period>?
    public var to: Located<Period>?
    public var last: Located<Int>?
    /// `as FORMAT`; nil takes the session's default (`--format`, else a table).
    public var format: OutputFormat?
    /// `chart M with forecast [next N]`: where the clause was written, and N if given.
    public var withForecast: SourceRange?
    public var forecastNext: Int?
}

/// `forecast`'s request: which metric, how far, at what level, by which method.
public struct ForecastRequest: Sendable, Equatable {
    public var metric: Located<String>
    /// `next N`: periods after the last with a value.
    public var next: Located<Int>?
    /// `to PERIOD`: forecast up to and including it.
    public var to: Located<Period>?
    /// `level 80%`: the prediction interval's coverage, a fraction.
    public var level: Located<Double>?
    public var method: Located<ForecastMethod>?
    public var format: OutputFormat?

    public init(metric: Located<String>) {
        self.metric = metric
    }
}

/// A table of a database as a statement names it: `wh.orders` or `wh.sales.orders`.
public struct RemoteTableName: Sendable, Equatable {
    public var schema: String?
    public var name: Located<String>

    /// `schema.name`, or the name alone.
    public var text: String { schema.map { $0 + "." + name.value } ?? name.value }
}

/// What `load CONNECTION …` reads: a table, or the result of a query.
public enum RemoteQuery: Sendable, Equatable {
    case table(RemoteTableName)
    case query(Located<String>)
}
