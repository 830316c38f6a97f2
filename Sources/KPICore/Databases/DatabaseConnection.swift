/// Which engine a connection talks to; it decides the SQL dialect.
public enum DatabaseKind: String, Sendable {
    case sqlite = "SQLite"
    case postgres = "PostgreSQL"
}

/// The cells of a query's result, row-major: what pushed-down aggregates come back as.
struct ResultRows {
    enum Cell: Equatable {
        case null
        case number(Double)
        case text(String)

        /// The cell as a number: nan for null or text that is no number.
        var number: Double {
            switch self {
            case .null: return .nan
            case .number(let value): return value
            case .text(let text): return Double(text) ?? .nan
            }
        }

        var text: String? {
            switch self {
            case .null: return nil
            case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            case .text(let text): return text
            }
        }
    }

    var columnCount: Int
    var cells: [Cell] = []

    var rowCount: Int { columnCount == 0 ? 0 : cells.count / columnCount }

    subscript(row: Int, column: Int) -> Cell { cells[row * columnCount + column] }
}

/// A table fetched from a database into kpi's column layout.
struct FetchedTable {
    var columns: [Column]
    var rowCount: Int

    /// The finished columns of `builders`, named after the database's `columns`.
    init(_ builders: [RemoteColumnBuilder], columns: [RemoteColumn], rowCount: Int) throws(DatabaseProblem) {
        var result: [Column] = []
        for (index, builder) in builders.enumerated() {
            let (data, zones) = try builder.finish()
            var column = Column(name: columns[index].identifier, header: columns[index].name, data: data)
            column.zones = zones
            result.append(column)
        }
        self.columns = result
        self.rowCount = rowCount
    }
}

/// A live connection to a database. Synchronous, like the rest of a statement; long
/// queries poll `cancellation` and ask the server to stop when it is set (Ctrl-C).
protocol DatabaseConnection: AnyObject {
    var kind: DatabaseKind { get }
    /// The target as it may be shown (never with a password).
    var target: String { get }
    var dialect: SQLDialect { get }
    /// The tables and views, with their columns and row estimates.
    func relations() throws(DatabaseProblem) -> [RemoteRelation]
    /// The columns a query returns, typed from what the database declares.
    func columns(of query: String, cancellation: CancellationFlag) throws(DatabaseProblem) -> [RemoteColumn]
    /// Every row of `query`, whose result has `columns`, as kpi columns.
    func fetch(_ query: String, columns: [RemoteColumn], cancellation: CancellationFlag) throws(DatabaseProblem) -> FetchedTable
    /// The rows of a (small) result: pushed-down aggregates.
    func rows(_ sql: String, cancellation: CancellationFlag) throws(DatabaseProblem) -> ResultRows
    func close()
}

/// The session's live connections by name. A reference shared by every copy of the
/// workspace: a connection is a resource, not part of what `undo` restores.
public final class DatabaseRegistry: @unchecked Sendable {
    private var connections: [String: any DatabaseConnection] = [:]
    /// The pushed-down queries sent, with their connection, most recent last (for `explain NAME sql`).
    private(set) var sent: [(connection: String, sql: String)] = []

    /// Set by Ctrl-C: a running query is cancelled on the server.
    var cancellation = CancellationFlag.shared

    public init() {}

    /// The connection `name`, or an error saying there is none (did you mean …).
    func live(_ name: String, at range: SourceRange) throws(KPIError) -> any DatabaseConnection {
        guard let connection = connections[name] else {
            throw .database(connection: "", .unknownConnection(name, suggestion: Suggestion.closest(to: name, in: names), known: names),
                            at: range)
        }
        return connection
    }

    var names: [String] { connections.keys.sorted() }

    func connection(_ name: String) -> (any DatabaseConnection)? { connections[name] }

    func add(_ connection: any DatabaseConnection, as name: String) { connections[name] = connection }

    func remove(_ name: String) {
        connections[name]?.close()
        connections[name] = nil
    }

    func removeAll() {
        for name in names { remove(name) }
    }

    /// How many queries were sent in all (the list keeps the last 50).
    private(set) var sentCount = 0

    func recordSent(_ sql: String, on connection: String) {
        sentCount += 1
        sent.append((connection, sql))
        if sent.count > 50 { sent.removeFirst() }
    }

    deinit {
        for connection in connections.values { connection.close() }
    }
}
