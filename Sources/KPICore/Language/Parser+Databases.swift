/// The statements of databases: connect, disconnect, attach, and the database forms of
/// load and tables.
extension Parser {
    /// `connect NAME "TARGET"`
    mutating func parseConnect() throws(KPIError) -> Statement {
        let name = try self.name("a name for the connection", example: #"connect shop "shop.sqlite""#)
        let target = try string("a SQLite file or a postgresql:// address in quotes",
                                example: #"connect wh "postgresql://analyst@127.0.0.1:5432/shop""#)
        return .connect(name: name, target: target)
    }

    /// `CONNECTION.TABLE` or `CONNECTION.SCHEMA.TABLE`, after the connection's name.
    mutating func remoteTableName(example: String) throws(KPIError) -> RemoteTableName {
        _ = try expect(".", "'.' and a table after the connection's name, as in \(example)")
        let first = try name("a table name after '.'", example: example)
        guard current.kind == .symbol(".") else { return RemoteTableName(schema: nil, name: first) }
        position += 1
        return RemoteTableName(schema: first.value, name: try name("a table name after the schema", example: example))
    }

    /// `attach CONNECTION.TABLE [as NAME]`
    mutating func parseAttach() throws(KPIError) -> Statement {
        let example = "attach wh.events as events"
        let connection = try name("a connection's name", example: example)
        let table = try remoteTableName(example: example)
        return .attach(connection: connection, table: table, alias: try optionalAlias())
    }

    /// After `load` and a connection's name: `.TABLE [as NAME]` or `query "SQL" as NAME`.
    mutating func parseRemoteLoad() throws(KPIError) -> Statement {
        let connection = try name("a connection's name")
        if at(keyword: "query") {
            position += 1
            let sql = try string("the query in quotes", example: #"load wh query "select * from orders where amount > 100" as big"#)
            try expect(keyword: "as", "'as' and a name for the query's table",
                       help: #"for example: load wh query "select …" as big_orders"#)
            return .loadRemote(connection: connection, source: .query(sql), alias: try name("a table name after 'as'"))
        }
        let table = try remoteTableName(example: "load wh.orders")
        return .loadRemote(connection: connection, source: .table(table), alias: try optionalAlias())
    }

    /// `as NAME`, or nothing.
    mutating func optionalAlias() throws(KPIError) -> Located<String>? {
        guard at(keyword: "as") else { return nil }
        position += 1
        return try name("a table name after 'as'")
    }

    /// `explain NAME [sql]`
    mutating func parseExplain() throws(KPIError) -> Statement {
        if at(keyword: "forecast") {
            position += 1
            return .explainForecast(try forecastRequest())
        }
        let name = try self.name("a metric, assumption or goal", example: "explain cac")
        guard at(keyword: "sql") else { return .explain(name, sql: false) }
        position += 1
        return .explain(name, sql: true)
    }
}
