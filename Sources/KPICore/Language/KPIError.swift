/// Everything that can go wrong in a statement, each with the place it refers to.
///
/// Errors describe themselves in words (`message`, `help`); `Diagnostic` adds
/// the source they occurred in and renders them like a compiler would.
public enum KPIError: Error, Sendable, Equatable {
    // MARK: Lexing and parsing

    /// A character that starts no token, like `@` or `$` outside a string.
    case unexpectedCharacter(String, at: SourceRange)
    /// A string literal with no closing quote on its line.
    case unterminatedString(at: SourceRange)
    /// A number with a suffix or shape the language does not know (`12x`, `1.2.3`).
    case invalidNumber(String, at: SourceRange)
    /// A period literal that names no real period (`2026-13`, `2026-W54`).
    case invalidPeriod(String, at: SourceRange)
    /// A line that starts with a word that is no statement.
    case unknownStatement(String, at: SourceRange, suggestion: String?)
    /// The parser wanted one thing and found another.
    case expected(String, found: String, at: SourceRange, help: String? = nil)
    /// A call of a function the language does not have.
    case unknownFunction(String, at: SourceRange, suggestion: String?)
    /// A statement past one of the parser's limits (nesting, depth, length), which keep a
    /// pathological input from exhausting the stack: `what` says which.
    case tooComplex(String, at: SourceRange)

    // MARK: Names

    /// A table name that no `load` defined.
    case unknownTable(String, at: SourceRange, suggestion: String?, known: [String])
    /// A column that the table does not have.
    case unknownColumn(table: String, column: String, at: SourceRange, suggestion: String?)
    /// A column used as time that holds no dates.
    case notATimeColumn(table: String, column: String, type: String, at: SourceRange)
    /// A grain word other than day, week, month, quarter, year.
    case unknownGrain(String, at: SourceRange, suggestion: String?)
    /// `help WORD` for a word with no help page.
    case unknownHelpTopic(String, at: SourceRange, suggestion: String?)
    /// A value out of range for its statement, such as `head t -3`.
    case invalidArgument(String, at: SourceRange)

    /// A name that is no metric, assumption or table.
    case unknownName(String, at: SourceRange, suggestion: String?)
    /// A scenario that no `scenario` statement defined.
    case unknownScenario(String, at: SourceRange, suggestion: String?)
    /// An objective that no `objective` statement defined.
    case unknownObjective(String, at: SourceRange, suggestion: String?)
    /// A name the KPI catalog does not have.
    case unknownCatalogEntry(String, at: SourceRange, suggestion: String?)
    /// A definition that would make a metric depend on itself; the names in order, first repeated last.
    case cycle([String], at: SourceRange)
    /// A script that runs itself, directly or through others: the scripts in order, first repeated last.
    case scriptCycle([String], at: SourceRange)
    /// `drop` of a name that others still read.
    case hasDependents(String, dependents: [String], at: SourceRange)
    /// An expression that cannot be computed as written (a sum of text, a where on another table …).
    case invalidExpression(String, at: SourceRange, help: String?)

    // MARK: Files and data

    /// A file that cannot be used at all: missing, a directory, empty, binary, not UTF-8.
    case file(path: String, FileProblem, at: SourceRange)
    /// A file whose content is broken at a known place.
    case data(path: String, DataProblem, at: SourceRange)
    /// Writing a file (`save`) failed.
    case writeFailed(path: String, reason: String, at: SourceRange)
    /// The user pressed Ctrl-C while the statement ran; nothing was changed.
    case cancelled(at: SourceRange)
    /// Talking to the database `connection` failed (a server down, a query rejected …).
    case database(connection: String, DatabaseProblem, at: SourceRange)
    /// `--safe` forbids what the statement does: `action` names it ("save", "reading x.csv"),
    /// `rule` says what the flag allows.
    case refusedUnderSafe(action: String, rule: String, at: SourceRange)

    /// The source range the error points at.
    public var range: SourceRange {
        switch self {
        case .unexpectedCharacter(_, let at), .unterminatedString(let at), .invalidNumber(_, let at),
             .invalidPeriod(_, let at), .unknownStatement(_, let at, _), .expected(_, _, let at, _),
             .unknownFunction(_, let at, _), .tooComplex(_, let at),
             .unknownTable(_, let at, _, _), .unknownColumn(_, _, let at, _), .notATimeColumn(_, _, _, let at),
             .unknownGrain(_, let at, _), .unknownHelpTopic(_, let at, _), .invalidArgument(_, let at),
             .unknownName(_, let at, _), .unknownScenario(_, let at, _), .unknownObjective(_, let at, _),
             .unknownCatalogEntry(_, let at, _), .refusedUnderSafe(_, _, let at), .cycle(_, let at), .scriptCycle(_, let at), .hasDependents(_, _, let at), .invalidExpression(_, let at, _),
             .file(_, _, let at), .data(_, _, let at), .writeFailed(_, _, let at), .cancelled(let at),
             .database(_, _, let at):
            return at
        }
    }

    /// One line saying what is wrong.
    public var message: String {
        switch self {
        case .unexpectedCharacter(let c, _) where c == "'": return "a single quote does not start a string"
        case .unexpectedCharacter(let c, _): return "unexpected character '\(c)'"
        case .unterminatedString: return "this string has no closing quote"
        case .invalidNumber(let text, _): return "'\(text)' is not a number"
        case .invalidPeriod(let text, _): return "'\(text)' is not a valid period"
        case .unknownStatement(let word, _, _): return "unknown statement '\(word)'"
        case .expected(let what, let found, _, _): return "expected \(what), found \(found)"
        case .unknownFunction(let name, _, _): return "unknown function '\(name)'"
        case .tooComplex(let what, _): return what
        case .unknownTable(let name, _, _, _): return "no table named '\(name)'"
        case .unknownColumn(let table, let column, _, _): return "table '\(table)' has no column '\(column)'"
        case .notATimeColumn(let table, let column, let type, _):
            return "\(table).\(column) holds \(type) values, not dates"
        case .unknownGrain(let word, _, _): return "unknown grain '\(word)'"
        case .unknownHelpTopic(let word, _, _): return "no help on '\(word)'"
        case .invalidArgument(let text, _): return text
        case .unknownName(let name, _, _): return "'\(name)' is not defined"
        case .unknownScenario(let name, _, _): return "there is no scenario '\(name)'"
        case .unknownObjective(let name, _, _): return "there is no objective '\(name)'"
        case .unknownCatalogEntry(let name, _, _): return "the catalog has no '\(name)'"
        case .refusedUnderSafe(let action, let rule, _):
            return "\(action) is refused: this session replays a file with --safe, which \(rule)"
        case .cycle(let names, _): return "this would make a cycle: " + names.joined(separator: " → ")
        case .scriptCycle(let paths, _): return "the scripts run each other in a circle: " + paths.joined(separator: " → ")
        case .hasDependents(let name, let dependents, _):
            return "cannot drop '\(name)': " + dependents.joined(separator: ", ") + (dependents.count == 1 ? " uses it" : " use it")
        case .invalidExpression(let text, _, _): return text
        case .file(let path, let problem, _): return problem.message(path: path)
        case .data(_, let problem, _): return problem.message
        case .writeFailed(let path, let reason, _): return "cannot write \(path): \(reason)"
        case .cancelled: return "cancelled; nothing was changed"
        case .database(let connection, let problem, _): return connection.isEmpty ? problem.message : "\(connection): \(problem.message)"
        }
    }

    /// What to do about it, when there is something to say.
    public var help: String? {
        switch self {
        case .unexpectedCharacter(let c, _) where c == "'":
            return "strings use double quotes: \"like this\""
        case .unexpectedCharacter: return nil
        case .unterminatedString: return "add a closing \" before the end of the line"
        case .invalidNumber: return "numbers look like 1200, 1_200, 3.5, 50k, 1.2M or 4%"
        case .invalidPeriod: return "periods look like 2026-03-15, 2026-W05, 2026-03, 2026-Q1 or 2026"
        case .unknownStatement(_, _, let suggestion): return Self.didYouMean(suggestion) ?? "type 'help' to list the statements"
        case .expected(_, _, _, let help): return help
        case .unknownFunction(_, _, let suggestion): return Self.didYouMean(suggestion) ?? "'help functions' lists them"
        case .tooComplex: return "split it into several metrics: metric part = …, then use part"
        case .unknownTable(_, _, let suggestion, let known):
            return Self.didYouMean(suggestion)
                ?? (known.isEmpty ? "load a file first: load \"data.csv\"" : "tables: " + known.joined(separator: ", "))
        case .unknownColumn(let table, _, _, let suggestion):
            return Self.didYouMean(suggestion) ?? "'describe \(table)' lists its columns"
        case .notATimeColumn(let table, _, _, _): return "'describe \(table)' shows which columns are dates"
        case .unknownGrain(_, _, let suggestion):
            return (Self.didYouMean(suggestion).map { $0 + " " } ?? "") + "grains: day, week, month, quarter, year"
        case .unknownHelpTopic(_, _, let suggestion): return Self.didYouMean(suggestion) ?? "'help' lists the topics"
        case .invalidArgument: return nil
        case .unknownName(_, _, let suggestion):
            return Self.didYouMean(suggestion) ?? "define it first: metric NAME = … or let NAME = …"
        case .unknownScenario(_, _, let suggestion): return Self.didYouMean(suggestion) ?? "scenarios lists them"
        case .unknownObjective(let name, _, let suggestion):
            return Self.didYouMean(suggestion) ?? "define it first: objective \(name) \"…\""
        case .unknownCatalogEntry(_, _, let suggestion): return Self.didYouMean(suggestion) ?? "catalog lists them"
        case .refusedUnderSafe: return "run without --safe to allow it"
        case .cycle: return "the old definitions stay in force; define it from other names"
        case .scriptCycle: return "remove the run statement that leads back, or put the shared part in a script of its own"
        case .hasDependents(_, let dependents, _): return "drop or redefine " + dependents.joined(separator: ", ") + " first"
        case .invalidExpression(_, _, let help): return help
        case .file(_, let problem, _): return problem.help
        case .data(_, let problem, _): return problem.help
        case .writeFailed: return nil
        case .cancelled: return nil
        case .database(_, let problem, _): return problem.help
        }
    }

    /// "did you mean 'x'?" for a suggestion: the one wording of every suggestion of a name.
    public static func didYouMean(_ suggestion: String?) -> String? {
        suggestion.map { "did you mean '\($0)'?" }
    }
}

/// Why a file cannot be read at all.
public enum FileProblem: Error, Sendable, Equatable {
    case notFound(suggestion: String?)
    case isDirectory
    case unreadable(reason: String)
    case empty
    /// Holds NUL bytes or other signs of not being text.
    case binary
    /// Text that is not UTF-8 at a given line (likely Latin-1 or Windows-1252).
    case notUTF8(line: Int)
    case utf16
    /// An extension we cannot read (.xlsx, .parquet …).
    case unsupportedFormat(String)
    /// A session saved by a newer kpi, in a format this one does not know.
    case futureFormat(Int)

    func message(path: String) -> String {
        switch self {
        case .notFound: return "no such file: \(path)"
        case .isDirectory: return "\(path) is a directory, not a file"
        case .unreadable(let reason): return "cannot read \(path): \(reason)"
        case .empty: return "\(path) is empty"
        case .binary: return "\(path) is not a text file (it contains binary data)"
        case .notUTF8(let line): return "\(path) is not UTF-8 text (first bad byte on line \(line))"
        case .utf16: return "\(path) is UTF-16 text; kpi reads UTF-8"
        case .unsupportedFormat(let ext): return "kpi cannot read .\(ext) files"
        case .futureFormat(let version): return "\(path) was saved in session format \(version) by a newer kpi"
        }
    }

    var help: String? {
        switch self {
        case .notFound(let suggestion):
            return suggestion.map { "did you mean \"\($0)\"?" } ?? "paths are relative to the current directory"
        case .isDirectory: return "name a .csv, .tsv or .jsonl file inside it"
        case .unreadable: return nil
        case .empty: return "the file has no header row and no data"
        case .binary: return "kpi loads CSV, TSV and JSON Lines; export the data as CSV"
        case .notUTF8:
            return "convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"
        case .utf16: return "convert it first: iconv -f UTF-16 -t UTF-8 in.csv > out.csv"
        case .unsupportedFormat: return "save or export it as CSV, TSV or JSON Lines"
        case .futureFormat: return "this kpi reads format \(ScriptFile.currentFormat); update kpi to replay it"
        }
    }
}

/// A fault at a known place inside a data file.
public enum DataProblem: Sendable, Equatable {
    /// A row whose field count differs from the header's. `row` counts data rows
    /// from 1; `line` is the physical line in the file.
    case raggedRow(row: Int, line: Int, fields: Int, expected: Int, excerpt: String, column: Int)
    /// A quote that opens a field and never closes.
    case unterminatedQuote(line: Int, column: Int, excerpt: String)
    /// Two header cells that give the same column name.
    case duplicateColumn(name: String, first: Int, second: Int, headers: [String], excerpt: String)
    /// A header cell that is empty (or gives no usable name).
    case emptyColumnName(position: Int, header: String, excerpt: String)
    /// A JSON Lines row that is not a flat JSON object.
    case invalidJSON(line: Int, column: Int, reason: String, excerpt: String)
    /// Bytes that are not UTF-8 inside a text field.
    case invalidText(row: Int, column: String)
    /// Text after the closing quote of a quoted field (`"abc"def`).
    case textAfterQuote(line: Int, column: Int, excerpt: String)

    /// The line in the file the problem is on, for `--> file:line:column`.
    public var location: (line: Int, column: Int)? {
        switch self {
        case .raggedRow(_, let line, _, _, _, let column): return (line, column)
        case .unterminatedQuote(let line, let column, _): return (line, column)
        case .duplicateColumn, .emptyColumnName: return (1, 1)
        case .invalidJSON(let line, let column, _, _): return (line, column)
        case .invalidText: return nil
        case .textAfterQuote(let line, let column, _): return (line, column)
        }
    }

    /// The text of the offending line, to quote under the location.
    public var excerpt: String? {
        switch self {
        case .invalidText: return nil
        case .raggedRow(_, _, _, _, let text, _), .unterminatedQuote(_, _, let text), .invalidJSON(_, _, _, let text),
             .textAfterQuote(_, _, let text), .duplicateColumn(_, _, _, _, let text), .emptyColumnName(_, _, let text):
            return text
        }
    }

    var message: String {
        switch self {
        case .raggedRow(let row, let line, let fields, let expected, _, _):
            return "row \(row) (line \(line)) has \(fields) field\(fields == 1 ? "" : "s"), but the header has \(expected)"
        case .unterminatedQuote(let line, let column, _):
            return "the quote opened at line \(line), column \(column) is never closed"
        case .duplicateColumn(let name, let first, let second, let headers, _):
            return "columns \(first) (\"\(headers[first - 1])\") and \(second) (\"\(headers[second - 1])\") "
                + "both give the name '\(name)'"
        case .emptyColumnName(let position, let header, _):
            return header.isEmpty ? "column \(position) has an empty name in the header"
                : "column \(position)'s header \"\(header)\" gives no usable name"
        case .invalidJSON(let line, _, let reason, _):
            return "line \(line) is not a JSON object: \(reason)"
        case .invalidText(let row, let column):
            return "row \(row), column '\(column)' is not valid UTF-8 text"
        case .textAfterQuote(let line, let column, _):
            return "unexpected text after a closing quote at line \(line), column \(column)"
        }
    }

    var help: String? {
        switch self {
        case .raggedRow(_, _, let fields, let expected, _, _):
            return fields > expected
                ? "a field probably contains the delimiter without quotes around it"
                : "the row is cut short, or a field's quotes run over the line end"
        case .unterminatedQuote:
            return "close the quote, or double a quote that is part of the text (\"\")"
        case .duplicateColumn: return "rename one of the columns in the header row"
        case .emptyColumnName: return "give every column a name in the header row"
        case .invalidJSON: return "each line must be one object: {\"date\": \"2026-01-01\", \"spend\": 12.5}"
        case .invalidText: return "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"
        case .textAfterQuote: return "a quote inside a quoted field must be doubled (\"\")"
        }
    }
}
