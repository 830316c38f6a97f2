/// What a statement produced, typed so a renderer can draw it as a table, csv or json.
public enum Output: Sendable {
    /// A sentence for the user ("grain: week").
    case message(String)
    /// A table was loaded (`replaced`: it took the place of a table of the same name).
    case loaded(TableSummary, replaced: Bool)
    case tables([TableSummary])
    case description(TableSummary, [ColumnStatistics])
    /// Rows of a table, as `head` shows them.
    case rows(RowSet)
    /// The statements typed so far, numbered.
    case history([String])
    case help(String)
    /// How long the statement took, when `timer on`.
    case timing(statement: String, seconds: Double)
    /// `quit`: the front end ends the session.
    case quit
    /// Nothing to show (a comment).
    case none
}

/// A table's vital facts, for `tables`, `describe` and the load message.
public struct TableSummary: Sendable {
    public var name: String
    public var path: String
    public var rows: Int
    public var columns: Int
    public var timeColumn: String?
    public var format: String

    init(_ table: Table) {
        name = table.name
        path = table.path
        rows = table.rowCount
        columns = table.columns.count
        timeColumn = table.timeColumn.map { table.columns[$0].name }
        format = table.format
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
