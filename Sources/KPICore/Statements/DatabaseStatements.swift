/// connect, disconnect, attach, and load and tables of a database.
struct DatabaseStatements: StatementHandler {
    var context: StatementContext

    private var databases: DatabaseRegistry { workspace.databases }

    mutating func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .connect(let name, let target): return try connect(name, target)
        case .disconnect(let name):
            _ = try databases.live(name.value, at: name.range)
            databases.remove(name.value)
            let attached = workspace.tables.filter { $0.remote?.connection == name.value }.map(\.name)
            let still = attached.count == 1 ? "\(attached[0]) stays attached and works" : "\(attached.joined(separator: ", ")) stay attached and work"
            return .message("disconnected \(name.value)" + (attached.isEmpty ? "" : "; \(still) again after connect \(name.value)"))
        case .attach(let connection, let table, let alias): return try attach(connection, table, alias: alias)
        case .loadRemote(let connection, let source, let alias): return try load(connection, source, alias: alias)
        case .tables(let connection?): return try tables(connection)
        default: preconditionFailure("\(statement.keyword) is not a database statement")
        }
    }

    private func problem(_ name: String, _ range: SourceRange) -> (DatabaseProblem) -> KPIError {
        { problem in
            if case .cancelled = problem { return .cancelled(at: range) }
            return .database(connection: name, problem, at: range)
        }
    }

    private mutating func connect(_ name: Located<String>, _ target: Located<String>) throws(KPIError) -> Output {
        let parsed = ConnectionTarget(target.value)
        if let existing = databases.connection(name.value) {
            throw .database(connection: "", .alreadyConnected(name.value, target: existing.target), at: name.range)
        }
        if case .sqlite(let path) = parsed { try context.files.checkRead(Located(path, target.range)) }
        let connection: any DatabaseConnection
        do throws(DatabaseProblem) {
            switch parsed {
            case .sqlite(let path):
                connection = try SQLiteConnection(path: context.files.resolve(path), shown: path)
            case .postgres(let address, let password):
                connection = try PostgresConnection(address: address, password: password, shown: parsed.redacted)
            }
        } catch {
            throw problem(name.value, target.range)(error)
        }
        let relations: [RemoteRelation]
        do throws(DatabaseProblem) {
            relations = try connection.relations()
        } catch {
            connection.close()
            throw problem(name.value, target.range)(error)
        }
        databases.add(connection, as: name.value)
        let count = relations.count
        return .message("connected \(name.value): \(connection.kind.rawValue) \(connection.target), \(count) table\(count == 1 ? "" : "s")"
                        + (count == 0 ? "" : " (tables \(name.value) lists them)"))
    }

    private func tables(_ name: Located<String>) throws(KPIError) -> Output {
        let connection = try databases.live(name.value, at: name.range)
        do {
            return .remoteTables(RemoteTableList(connection: name.value, kind: connection.kind, target: connection.target,
                                                 relations: try connection.relations()))
        } catch {
            throw problem(name.value, name.range)(error)
        }
    }

    /// `describe` of an attached table: its columns as the database declares them.
    func describe(_ source: RemoteSource, at range: SourceRange) throws(KPIError) -> Output {
        let connection = try databases.live(source.connection, at: range)
        return .remoteTables(RemoteTableList(connection: source.connection, kind: connection.kind, target: connection.target,
                                             relations: [source.relation]))
    }

    /// The first rows of an attached table, fetched for `head`, as a table in memory.
    func firstRows(of table: Table, _ source: RemoteSource, count: Int, at range: SourceRange) throws(KPIError) -> Table {
        let connection = try databases.live(source.connection, at: range)
        let columns = source.relation.columns
        let query = "SELECT " + columns.map { connection.dialect.identifier($0.name) }.joined(separator: ", ")
            + " FROM \(connection.dialect.relation(source.relation)) LIMIT \(count)"
        do {
            let fetched = try connection.fetch(query, columns: columns, cancellation: context.cancellation)
            var rows = table
            rows.columns = fetched.columns
            rows.rowCount = fetched.rowCount
            return rows
        } catch {
            throw problem(source.connection, range)(error)
        }
    }

    /// The relation `table` names, or an error with "did you mean".
    private func relation(_ table: RemoteTableName, in connection: any DatabaseConnection,
                          named name: String) throws(KPIError) -> RemoteRelation {
        let relations: [RemoteRelation]
        do {
            relations = try connection.relations()
        } catch {
            throw problem(name, table.name.range)(error)
        }
        if let found = relations.first(where: { $0.name == table.name.value && $0.schema == table.schema })
            ?? relations.first(where: { $0.name == table.name.value && table.schema == nil }) {
            return found
        }
        let names = relations.map(\.qualifiedName)
        throw .database(connection: name, .unknownRelation(table.text, connection: name,
                                                           suggestion: Suggestion.closest(to: table.text, in: names)),
                        at: table.name.range)
    }

    private mutating func attach(_ name: Located<String>, _ table: RemoteTableName, alias: Located<String>?) throws(KPIError) -> Output {
        let connection = try databases.live(name.value, at: name.range)
        let relation = try self.relation(table, in: connection, named: name.value)
        let columns = relation.columns.map { column in
            Column(name: column.identifier, header: column.name, data: Self.emptyData(column.kind))
        }
        var attached = Table(name: alias?.value ?? Identifier.from(relation.name), path: "\(name.value).\(relation.qualifiedName)",
                             columns: columns, rowCount: relation.rowEstimate ?? 0, format: connection.kind.rawValue)
        attached.remote = RemoteSource(connection: name.value, relation: relation)
        let replaced = workspace.put(attached)
        cache.invalidateTable(attached.name)
        return .attached(TableSummary(attached), replaced: replaced)
    }

    /// The columns of an attached table hold no rows; their type is what matters.
    private static func emptyData(_ kind: RemoteKind) -> ColumnData {
        switch kind.columnType {
        case .number: return .number([])
        case .date: return .date([])
        case .datetime: return .datetime([])
        case .text: return .text(codes: [], dictionary: [])
        case .bool: return .bool([])
        case .null: return .null(count: 0)
        }
    }

    private mutating func load(_ name: Located<String>, _ source: RemoteQuery, alias: Located<String>?) throws(KPIError) -> Output {
        let connection = try databases.live(name.value, at: name.range)
        let query: String, tableName: String, path: String, range: SourceRange
        switch source {
        case .table(let table):
            let relation = try self.relation(table, in: connection, named: name.value)
            if let unmapped = relation.unmapped.first {
                throw .database(connection: name.value, .unmappableType(column: unmapped.name, type: unmapped.type), at: table.name.range)
            }
            query = "SELECT * FROM " + connection.dialect.relation(relation)
            (tableName, path, range) = (alias?.value ?? Identifier.from(relation.name), "\(name.value).\(relation.qualifiedName)",
                                        table.name.range)
        case .query(let sql):
            query = sql.value
            (tableName, path, range) = (alias?.value ?? "query", "\(name.value) query", sql.range)
        }
        let fetched: FetchedTable
        do {
            let columns = try connection.columns(of: query, cancellation: context.cancellation)
            fetched = try connection.fetch(query, columns: columns, cancellation: context.cancellation)
        } catch {
            // The server says where in a query it stumbled: point there in the statement.
            if case .query(let sql) = source, case .queryFailed(let message, let position?, _) = error,
               sql.range.start.line == sql.range.end.line, position < sql.value.count {
                let column = sql.range.start.column + position
                let place = SourceRange(start: SourceLocation(line: sql.range.start.line, column: column),
                                        end: SourceLocation(line: sql.range.start.line, column: column + 1))
                throw .database(connection: name.value, .queryFailed(message: message, position: position, sql: sql.value), at: place)
            }
            throw problem(name.value, range)(error)
        }
        let names: [String]
        do {
            names = try TableLoader.columnNames(fetched.columns.map(\.header), headerLine: fetched.columns.map(\.header).joined(separator: ","))
        } catch {
            throw .invalidArgument("the query's columns do not give distinct names: "
                                   + fetched.columns.map(\.header).joined(separator: ", "), at: range)
        }
        var columns = fetched.columns
        for index in columns.indices { columns[index].name = names[index] }
        let table = Table(name: tableName, path: path, columns: columns, rowCount: fetched.rowCount, format: connection.kind.rawValue)
        let replaced = workspace.put(table)
        cache.invalidateTable(tableName)
        return .loaded(TableSummary(table), replaced: replaced)
    }
}
