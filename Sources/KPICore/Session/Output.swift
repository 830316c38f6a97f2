/// What a statement produced, typed so a renderer can draw it as a table, csv or json.
public enum Output: Sendable {
    /// A sentence for the user ("grain: week").
    case message(String)
    /// A table was loaded (`replaced`: it took the place of a table of the same name).
    case loaded(TableSummary, replaced: Bool)
    case tables([TableSummary])
    /// `tables CONNECTION`: a database's tables and views.
    case remoteTables(RemoteTableList)
    /// `attach`: a table kept in its database.
    case attached(TableSummary, replaced: Bool)
    /// `explain NAME sql`: the queries that compute it, by connection.
    case sql(name: String, queries: [SentQuery])
    case description(TableSummary, [ColumnStatistics])
    /// Rows of a table, as `head` shows them.
    case rows(RowSet)
    /// The statements typed so far, numbered.
    case history([String])
    case help(String)
    /// How long the statement took, when `timer on`, and how many definitions it computed.
    case timing(statement: String, seconds: Double, computed: Int)
    case defined(DefinitionSummary)
    case view(MetricView)
    case chart(MetricView)
    case forecast(ForecastView)
    /// `explain forecast`: the model behind a forecast, scored on the season held out.
    case forecastExplanation(ForecastView)
    case summary([KPISummary], warning: String?)
    /// `metrics`: every definition, in order.
    case definitions([DefinitionListing])
    case explanation(Explanation)
    case goals(GoalsView)
    case scorecard(Scorecard)
    case catalog(CatalogView)
    case comparison(ComparisonView)
    case solved(SolveResult)
    case sensitivity(SensitivityView)
    case simulation(SimulationView)
    /// `quit`: the front end ends the session.
    case quit
    /// Nothing to show (a comment).
    case none
    /// A statement failed and the run went on (`kpi check`).
    case failure(Diagnostic)
}

/// A database's tables, as `tables CONNECTION` lists them.
public struct RemoteTableList: Sendable {
    public var connection: String
    public var kind: DatabaseKind
    public var target: String
    public var relations: [RemoteRelation]
}

/// A query sent to a database, and which connection it went to.
public struct SentQuery: Sendable, Equatable {
    public var connection: String
    public var sql: String
}

/// A table's vital facts, for `tables`, `describe` and the load message.
public struct TableSummary: Sendable {
    public var name: String
    public var path: String
    public var rows: Int
    public var columns: Int
    public var timeColumn: String?
    /// Rows whose time is empty or unreadable: they are in no period, so no per-period
    /// aggregate counts them (`count(t)` included).
    public var untimedRows: Int
    /// How the time column's datetimes were written (offsets place rows by their UTC day).
    public var timeZones = ZoneTally()
    public var format: String
    /// For an attached table: the connection it stays in.
    public var connection: String?

    init(_ table: Table) {
        connection = table.remote?.connection
        name = table.name
        path = table.path
        rows = table.rowCount
        columns = table.columns.count
        timeColumn = table.timeColumn.map { table.columns[$0].name }
        format = table.format
        timeZones = table.timeColumn.map { table.columns[$0].zones } ?? ZoneTally()
        switch table.timeColumn.map({ table.columns[$0].data }) {
        case .date(let days)?: untimedRows = days.reduce(0) { $1 == ColumnData.nullDate ? $0 + 1 : $0 }
        case .datetime(let seconds)?: untimedRows = seconds.reduce(0) { $1.isNaN ? $0 + 1 : $0 }
        default: untimedRows = 0
        }
    }
}

/// How a column's values should read: `12%`, `$1,200.50`.
public struct ValueFormat: Sendable {
    public var type: ColumnType
    public var isPercent: Bool
    public var currency: String?

    init(_ column: Column) {
        type = column.type
        isPercent = column.isPercent
        currency = column.currency
    }
}

/// Some rows of a table.
public struct RowSet: Sendable {
    public var table: String
    public var columns: [String]
    public var formats: [ValueFormat]
    public var rows: [[Value]]
    /// Rows in the whole table, to say how many were left out.
    public var totalRows: Int
}

/// A metric or assumption just defined, with a first look at its value.
public struct DefinitionSummary: Sendable {
    public var name: String
    public var kind: Definition.Kind
    public var unit: MetricUnit
    /// Its value: a constant, or the latest period of a series.
    public var value: Quantity
    /// Definitions that read it and were recomputed.
    public var dependentsUpdated: Int
    /// True when it replaced an earlier definition of the same name.
    public var replaced: Bool
    /// For `let x = fit(…)`: the distribution fitted.
    public var fit: DistributionFit?
}

/// Metrics per period (and per group): what `show` and `chart` draw.
public struct MetricView: Sendable {
    public struct Column: Sendable {
        public var label: String
        public var unit: MetricUnit
        /// `values[group][period]`; nulls are nan.
        public var values: [[Double]]
    }

    public var grain: Grain
    /// The rows' periods; empty when every column is a constant.
    public var periods: [Period]
    /// The breakdown column (`channel`), if any, and its values.
    public var groupColumn: String?
    public var groups: [String]
    /// `by` as written: `channel`, or `orders.channel`.
    public var dimension: String?
    /// With `by`: tables the metrics read that lack the dimension, so their figures are
    /// totals repeated in every group.
    public var unsplitTables: [String] = []
    public var columns: [Column]
    public var format: OutputFormat
    /// `chart M with forecast`: the periods after the last value.
    public var forecast: Forecast?
}

/// One line of `metrics`: a definition and its value now (nil when it cannot be computed).
public struct DefinitionListing: Sendable {
    public var definition: Definition
    public var value: Quantity?
    public var isKey: Bool
}

/// One key KPI in `summary`.
public struct KPISummary: Sendable {
    public var name: String
    public var unit: MetricUnit
    public var latestPeriod: Period?
    public var latest: Double
    public var previous: Double
    /// The recent values, oldest first, for a sparkline.
    public var recent: [Double]
}

/// What `explain` tells about a name.
public struct Explanation: Sendable {
    public var definition: Definition
    /// Tables and `table.column` it reads.
    public var reads: [String]
    public var dependsOn: [String]
    public var usedBy: [String]
    public var value: Quantity?
    public var latestPeriod: Period?
    public var isKey: Bool
    /// The windows of the `rolling(x, n)` it uses, in periods.
    public var rollingWindows: [Int] = []
    /// For `let x = fit(…)`: the distribution fitted.
    public var fit: DistributionFit?
}

/// Goals with their SMART checks and status, and the practice notes that go with them.
public struct GoalsView: Sendable {
    public var reports: [GoalReport]
    /// Lessons about the set as a whole: objectives without goals, key KPIs no goal uses …
    public var notes: [String]
    /// Shown above the reports (e.g. "accepted as a draft").
    public var heading: String?
}

/// `scorecard`: plan against actual for every goal, and the weighted score.
public struct Scorecard: Sendable {
    public var objective: String?
    public var reports: [GoalReport]
    /// Σ weight × min(attainment, 150%) ÷ Σ weight, over goals with an attainment.
    public var score: Double
    public var format: OutputFormat
}

/// `catalog` and `catalog NAME`.
public struct CatalogView: Sendable {
    public var entries: [CatalogEntry]
    /// For `catalog NAME`: the statement mapped onto the loaded tables, and what is missing.
    public var statement: String?
    public var missing: [String]
}

/// `compare`: metrics (rows) under scenarios (columns), and goals' verdicts per scenario.
public struct ComparisonView: Sendable {
    public var scenarios: [String]
    public var metrics: [String]
    public var units: [MetricUnit]
    /// `values[metric][scenario]`
    public var values: [[Double]]
    /// The period each metric was read at (nil for constants).
    public var periods: [Period?]
    /// (goal, verdict per scenario)
    public var goals: [(name: String, verdicts: [String])]
    public var format: OutputFormat
}

/// `forecast`: a metric's next periods, the model that forecast them and its interval.
public struct ForecastView: Sendable {
    public var metric: String
    public var unit: MetricUnit
    public var forecast: Forecast
    public var format: OutputFormat
}

/// `solve`: the input value that makes the metric reach its target.
public struct SolveResult: Sendable {
    public var input: String
    public var value: Double
    public var baseValue: Double
    public var metric: String
    public var metricValue: Double
    public var target: Double
    public var period: Period?
    public var evaluations: Int
    public var inputUnit: MetricUnit
    public var metricUnit: MetricUnit
    public var savedAs: String?
    /// For a path: the factor every period was scaled by (`value` is its first period's).
    public var pathScale: Double?
    /// For `solve X for P(M >= T) = p`: what the simulation reached.
    public var probability: ProbabilityReading?
}

/// The probability a probability solve reached at its answer.
public struct ProbabilityReading: Sendable {
    public var comparison: String
    public var sought: Double
    public var achieved: Double
    /// √(p(1 − p) / runs): the Monte Carlo standard error of `achieved`.
    public var standardError: Double
    public var runs: Int
    public var seed: UInt64
}

/// A pair of correlated inputs: the rank correlation asked for and the one the draws have.
public struct CorrelationReading: Sendable, Equatable {
    public var first: String
    public var second: String
    public var target: Double
    public var achieved: Double
}

/// `sensitivity`: each input moved down and up by the step, sorted by swing.
public struct SensitivityView: Sendable {
    public struct Row: Sendable {
        public var input: String
        public var low: Double
        public var high: Double
        public var swing: Double { abs(high - low) }
    }

    public var metric: String
    public var unit: MetricUnit
    public var base: Double
    public var step: Double
    public var period: Period?
    public var rows: [Row]
}

/// `simulate`: the distribution of a metric over the runs.
public struct SimulationView: Sendable {
    public var metric: String
    public var unit: MetricUnit
    public var period: Period?
    public var runs: Int
    public var seed: UInt64
    public var mean: Double
    public var sd: Double
    /// p5, p25, p50, p75, p95.
    public var percentiles: [Double]
    /// Equal-width bins from the lowest to the highest draw.
    public var histogram: [(low: Double, high: Double, count: Int)]
    /// Goals on the metric with the share of runs that meet them.
    public var goals: [(name: String, probability: Double)]
    /// Correlated inputs with the rank correlation their draws reached.
    public var correlations: [CorrelationReading] = []
    /// Every run's draws (`as csv|json|markdown`): the uncertain inputs, then the metric.
    public var draws: DrawTable?
}

/// The draws of a simulation, a column per uncertain input and one for the metric.
public struct DrawTable: Sendable {
    public var columns: [String]
    /// `values[column][run]`
    public var values: [[Double]]
    public var format: OutputFormat
}
