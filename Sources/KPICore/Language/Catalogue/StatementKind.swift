/// Every statement of the language, one case each. The catalogue entry of a kind
/// (`entry`, in StatementCatalogue.swift) is the single source of its keyword, help,
/// completion and traits: parsing, `help`, Tab completion, "did you mean" and the
/// record all read it, so none of them can drift from the others.
public enum StatementKind: String, CaseIterable, Sendable {
    // The order here is the order of `help`'s overview.
    case load, tables, describe, head, time, grain
    case connect, attach, disconnect
    case metric, `let`, metrics, key, explain, drop, show, chart, forecast, summary
    case objective, goal, goals, plan, scorecard, catalog
    case scenario, scenarios, use, compare, solve, sensitivity, simulate, correlate, correlations
    case run, save, export, undo, reset
    case history, help, timer, quit
    /// `# text` on a line of its own: narration kept in saved sessions. It has no keyword.
    case comment = "#"

    /// The kind a statement keyword (or one of its aliases) names.
    public init?(keyword: String) {
        guard let kind = Self.byKeyword[keyword] else { return nil }
        self = kind
    }

    /// The word that starts the statement.
    public var keyword: String { rawValue }

    /// The kinds a line starts with a keyword for (every kind but comments).
    public static let keyworded: [StatementKind] = allCases.filter { $0 != .comment }

    /// Every statement keyword and alias, for completion, "did you mean" and reserved names.
    public static let keywords: [String] = keyworded.flatMap { [$0.keyword] + $0.entry.aliases }

    private static let byKeyword: [String: StatementKind] = Dictionary(
        uniqueKeysWithValues: keyworded.flatMap { kind in ([kind.keyword] + kind.entry.aliases).map { ($0, kind) } })

    /// The closest keyword to a misspelt one (`simulat` → `simulate`).
    public static func suggestion(for word: String) -> String? {
        Suggestion.closest(to: word, in: keywords)
    }
}

/// A group of statements that one handler executes.
public enum StatementFamily: String, CaseIterable, Sendable {
    /// load, tables, describe, head, time, grain.
    case data
    /// connect, attach, disconnect, and load and tables of a database.
    case databases
    /// metric, let, metrics, key, explain, drop, show, chart, forecast, summary.
    case metrics
    /// objective, goal, goals, plan, scorecard, catalog.
    case goals
    /// scenario, scenarios, use, compare, solve, sensitivity, simulate, correlate, correlations.
    case whatIf
    /// run, save, export, undo, reset and comments: the session as a notebook.
    case notebook
    /// history, help, timer, quit: the shell itself.
    case shell
}

/// What a statement is, for the session that runs it.
public struct StatementTraits: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A saved session keeps it: it is part of the analysis (not `help`, `save` …).
    public static let recorded = StatementTraits(rawValue: 1 << 0)
    /// It changes the workspace, so `undo` can revert it.
    public static let undoable = StatementTraits(rawValue: 1 << 1)
    /// `timer on` prints its time.
    public static let timed = StatementTraits(rawValue: 1 << 2)
    /// It writes files, which `--safe` refuses.
    public static let writesFiles = StatementTraits(rawValue: 1 << 3)
    /// It reaches the network (a database connection), which `--safe` refuses too.
    public static let networked = StatementTraits(rawValue: 1 << 5)
    /// What it prints is a result (a table, a chart, a report), which `--quiet` keeps;
    /// the others print confirmations (`metric cac: 34 months …`).
    public static let view = StatementTraits(rawValue: 1 << 4)
}

/// What Tab offers after a statement's keyword.
public enum ArgumentCompletion: Sendable, Equatable {
    /// Nothing follows the keyword.
    case nothing
    /// One of these words.
    case words([String])
    /// A table name, as the first argument.
    case table
    /// A connection's name (then `.` and its tables, for load and attach).
    case connection
    /// `table.` to pick a column, or a table name.
    case tableOrColumn
    /// Expressions: tables, columns and defined names.
    case expression
    /// A metric or assumption, as the first argument.
    case definition
    /// Metrics and assumptions, anywhere in the statement.
    case definitions
    /// Anything `drop` removes: definitions, goals, objectives, scenarios.
    case droppable
    /// An objective.
    case objective
    /// A scenario, or `base`.
    case scenario
    /// Scenarios, then `on` and metrics.
    case comparison
    /// A metric after `NAME:`, an objective after `for`.
    case goal
    /// Metrics, functions and the view clauses; `table.` after `by`.
    case view(clauses: [String])
    /// A help topic.
    case helpTopic
    /// A catalog entry.
    case catalogEntry
    /// A file path in quotes, of the kind given, then these words.
    case file(FileKind, then: [String])

    /// The files a path completes to.
    public enum FileKind: Sendable, Equatable {
        case data, script, report, database

        /// The extensions (lowercased) of the files offered.
        public var extensions: [String] {
            switch self {
            case .data: return ["csv", "tsv", "tab", "txt", "jsonl", "ndjson", "json"]
            case .script: return ["kpi"]
            case .report: return ["html", "htm", "md"]
            case .database: return ["sqlite", "sqlite3", "db"]
            }
        }
    }
}

/// One statement's row of the catalogue.
public struct StatementEntry: Sendable {
    public var family: StatementFamily
    /// Its full syntax, the first line of `help KEYWORD`.
    public var usage: String
    /// Its syntax as the overview of `help` shows it (shorter, when the full one is long).
    public var synopsis: String
    /// What it does, in a few words, for the overview.
    public var summary: String
    /// The body of `help KEYWORD`.
    public var details: String
    /// Statements that parse as this kind (a test checks each).
    public var examples: [String]
    /// Other keywords for the same statement (`exit` for `quit`).
    public var aliases: [String]
    public var completion: ArgumentCompletion
    public var traits: StatementTraits

    init(family: StatementFamily, usage: String, synopsis: String? = nil, summary: String, details: String = "",
         examples: [String], aliases: [String] = [], completion: ArgumentCompletion, traits: StatementTraits) {
        self.family = family
        self.usage = usage
        self.synopsis = synopsis ?? usage
        self.summary = summary
        self.details = details
        self.examples = examples
        self.aliases = aliases
        self.completion = completion
        self.traits = traits
    }

    /// The text of `help KEYWORD`: usage, details and examples.
    public var helpText: String {
        var lines = [usage]
        lines += details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        if !examples.isEmpty {
            lines.append(examples.count == 1 ? "example:" : "examples:")
            lines += examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
