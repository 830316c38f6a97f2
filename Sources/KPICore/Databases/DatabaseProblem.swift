/// What went wrong talking to a database, said so that a user can act on it.
public enum DatabaseProblem: Error, Sendable, Equatable {
    /// No server answered at `host:port` (down, a firewall, a wrong port).
    case unreachable(host: String, port: String, detail: String)
    /// The server answered but refused the connection for another reason (no such database …).
    case refused(host: String, port: String, detail: String)
    /// The server refused the user's credentials.
    case authenticationFailed(user: String, detail: String)
    /// A SQLite file that cannot be opened as a database.
    case cannotOpen(path: String, detail: String)
    /// The database rejected a query: its own message, and where in `sql` (a 1-based
    /// character position) when it said.
    case queryFailed(message: String, position: Int?, sql: String)
    /// The connection broke while a query ran; everything else in the session stays.
    case connectionLost(detail: String)
    /// A column whose declared type has no kpi column type.
    case unmappableType(column: String, type: String)
    /// A value that does not fit its column's declared type (SQLite stores any value anywhere).
    case badValue(row: Int, column: String, value: String, expected: String)
    /// A table or view the database does not have.
    case unknownRelation(String, connection: String, suggestion: String?)
    /// A name that no `connect` made.
    case unknownConnection(String, suggestion: String?, known: [String])
    /// A connection name already in use.
    case alreadyConnected(String, target: String)
    /// What a metric asks of an attached table that kpi cannot say in SQL.
    case notPushable(String)
    /// libpq, PostgreSQL's client library, could not be loaded.
    case clientMissing(String)
    /// Ctrl-C stopped the query; the server was asked to cancel it.
    case cancelled

    /// One line saying what is wrong.
    public var message: String {
        switch self {
        case .unreachable(let host, let port, let detail):
            return "cannot reach the PostgreSQL server at \(host):\(port)" + (detail.isEmpty ? "" : " (\(detail))")
        case .refused(let host, let port, let detail): return "the server at \(host):\(port) refused the connection: \(detail)"
        case .authenticationFailed(let user, let detail):
            return "the server refused user '\(user)'" + (detail.isEmpty ? "" : ": \(detail)")
        case .cannotOpen(let path, let detail): return "cannot open \(path) as a SQLite database: \(detail)"
        case .queryFailed(let message, _, _): return "the database rejected the query: \(message)"
        case .connectionLost(let detail): return "the connection was lost" + (detail.isEmpty ? "" : ": \(detail)")
        case .unmappableType(let column, let type): return "column '\(column)' has type \(type), which kpi cannot map"
        case .badValue(let row, let column, let value, let expected):
            return "row \(row), column '\(column)' holds \(value), not \(expected)"
        case .unknownRelation(let name, let connection, _): return "\(connection) has no table '\(name)'"
        case .unknownConnection(let name, _, _): return "there is no connection '\(name)'"
        case .alreadyConnected(let name, let target): return "'\(name)' is already connected to \(target)"
        case .notPushable(let what): return what
        case .clientMissing(let detail): return "PostgreSQL's client library cannot be loaded: \(detail)"
        case .cancelled: return "cancelled; the database was asked to stop the query and nothing was changed"
        }
    }

    /// What to do about it.
    public var help: String? {
        switch self {
        case .unreachable:
            return "check that the server runs and listens there (pg_isready -h HOST -p PORT), and the host and port in the address"
        case .refused: return "check the database name in the address (psql -l lists the databases)"
        case .authenticationFailed:
            return "check the user name, and the password in PGPASSWORD or ~/.pgpass (kpi never stores it)"
        case .cannotOpen: return "connect takes a SQLite file or a postgresql:// address"
        case .queryFailed(_, _, let sql): return "the query: " + (sql.count > 300 ? sql.prefix(300) + " …" : sql)
        case .connectionLost: return "the next statement reconnects; the tables loaded and metrics defined are all still here"
        case .unmappableType(let column, let type):
            return "load a query that casts it, e.g. load NAME query \"select \(column)::text …\" as TABLE (\(type) is not "
                + "a number, text, date, timestamp or boolean)"
        case .badValue: return "load a query that cleans or casts the column"
        case .unknownRelation(_, let connection, let suggestion):
            return KPIError.didYouMean(suggestion) ?? "'tables \(connection)' lists its tables"
        case .unknownConnection(let name, let suggestion, let known):
            return KPIError.didYouMean(suggestion)
                ?? (known.isEmpty ? "connect first: connect \(name) \"shop.sqlite\"" : "connections: " + known.joined(separator: ", "))
        case .alreadyConnected(let name, _): return "disconnect \(name) first, or choose another name"
        case .notPushable: return "load the table instead (load CONNECTION.TABLE) to compute it in memory"
        case .clientMissing: return "install it: apt-get install libpq5 (make setup installs libpq-dev, which brings it)"
        case .cancelled: return nil
        }
    }
}
