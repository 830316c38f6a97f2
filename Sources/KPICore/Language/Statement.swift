/// A statement of the kpi language (the AST), with source ranges for errors.
public enum Statement: Sendable, Equatable {
    /// `load "PATH" [as NAME]`
    case load(path: Located<String>, alias: Located<String>?)
    /// `tables`
    case tables
    /// `describe TABLE`
    case describe(table: Located<String>)
    /// `head TABLE [N]`
    case head(table: Located<String>, count: Located<Int>?)
    /// `time TABLE.COLUMN` sets the table's time column; `time TABLE` shows it.
    case time(table: Located<String>, column: Located<String>?)
    /// `grain WORD` sets the session's grain; `grain` alone shows it.
    case grain(Located<Grain>?)
    /// `run "FILE"`
    case run(path: Located<String>)
    /// `save "FILE"`
    case save(path: Located<String>)
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
    /// `key A, B`: the main KPIs.
    case key([Located<String>])
    /// `explain NAME`
    case explain(Located<String>)
    /// `drop NAME`
    case drop(Located<String>)
    /// `show A, B [by t.c] [from P] [to P] [last N] [as FORMAT]`
    case show(ShowRequest)
    /// `chart A [by t.c] [from P] [to P] [last N]`
    case chart(ShowRequest)
    /// `summary`: the key KPIs at a glance.
    case summary

    /// The statement's keyword, as typed.
    public var keyword: String {
        switch self {
        case .load: return "load"
        case .tables: return "tables"
        case .describe: return "describe"
        case .head: return "head"
        case .time: return "time"
        case .grain: return "grain"
        case .run: return "run"
        case .save: return "save"
        case .history: return "history"
        case .help: return "help"
        case .timer: return "timer"
        case .quit: return "quit"
        case .comment: return "#"
        case .metric: return "metric"
        case .assumption: return "let"
        case .key: return "key"
        case .explain: return "explain"
        case .drop: return "drop"
        case .show: return "show"
        case .chart: return "chart"
        case .summary: return "summary"
        }
    }

    /// Whether `timer on` reports this statement's time (not for the timer itself or comments).
    public var isTimed: Bool {
        switch self {
        case .timer, .comment: return false
        default: return true
        }
    }

    /// Whether a saved session keeps this statement. Statements about the shell
    /// itself (help, history, timer, save, quit) are not part of the analysis.
    public var isRecorded: Bool {
        switch self {
        case .help, .history, .timer, .save, .quit: return false
        default: return true
        }
    }
}

/// A statement with its exact source text, as it goes into journals and saved sessions.
public struct ParsedStatement: Sendable, Equatable {
    public var statement: Statement
    public var range: SourceRange
    /// The statement as written (several lines when it was continued).
    public var text: String
}

/// The statement keywords, for parsing, completion, "did you mean" and `help`.
public enum Keywords {
    public static let statements = [
        "load", "tables", "describe", "head", "time", "grain", "metric", "let", "key", "explain", "drop",
        "show", "chart", "summary", "run", "save", "history", "help", "timer", "quit", "exit",
    ]
}

/// How a metric's values read: as a percentage (`4.2%`) or a plain number.
public enum ValueStyle: String, Sendable, Equatable {
    case percent, number
}

/// What `show` and `chart` print.
public enum OutputFormat: String, Sendable, Equatable, CaseIterable {
    case table, csv, json, markdown
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
    }

    public var items: [Item]
    public var by: Located<ColumnReference>?
    public var from: Located<Period>?
    public var to: Located<Period>?
    public var last: Located<Int>?
    public var format: OutputFormat = .table
}
