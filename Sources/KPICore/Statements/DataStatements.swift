/// load, tables, describe, head, time, grain.
struct DataStatements: StatementHandler {
    var context: StatementContext

    mutating func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .load(let path, let alias): return try load(path, alias: alias)
        case .tables(nil): return .tables(workspace.tables.map(TableSummary.init))
        case .loadRemote, .tables:
            var databases = DatabaseStatements(context: context)
            defer { context = databases.context }
            return try databases.perform(statement)
        case .describe(let name):
            let table = try self.table(name)
            if let source = table.remote { return try DatabaseStatements(context: context).describe(source, at: name.range) }
            return .description(TableSummary(table), ColumnStatistics.of(table))
        case .head(let name, let count): return try head(name, count: count?.value ?? 10)
        case .time(let name, let column): return try time(name, column: column)
        case .grain(let grain):
            if let grain { workspace.grain = grain.value }
            return .message("grain: \(workspace.grain.noun)")
        default: preconditionFailure("\(statement.keyword) is not a data statement")
        }
    }

    private mutating func load(_ path: Located<String>, alias: Located<String>?) throws(KPIError) -> Output {
        try context.files.checkRead(path)
        let resolved = context.files.resolve(path.value)
        let name = alias?.value ?? Identifier.tableName(forPath: path.value)
        do {
            let table = try TableLoader.load(path: resolved, displayPath: path.value, name: name, cancellation: context.cancellation)
            let replaced = workspace.put(table)
            cache.invalidateTable(name)
            return .loaded(TableSummary(workspace.table(named: name)!), replaced: replaced)
        } catch {
            switch error {
            case .cancelled: throw .cancelled(at: path.range)
            case .file(.notFound): throw .file(path: path.value, .notFound(suggestion: PathSuggestion.closest(to: path.value)), at: path.range)
            case .file(let problem): throw .file(path: path.value, problem, at: path.range)
            case .data(let problem): throw .data(path: path.value, problem, at: path.range)
            }
        }
    }

    private func head(_ name: Located<String>, count: Int) throws(KPIError) -> Output {
        var table = try self.table(name)
        if let source = table.remote {
            table = try DatabaseStatements(context: context).firstRows(of: table, source, count: count, at: name.range)
        }
        let shown = min(count, table.rowCount)
        let rows = (0..<shown).map { row in table.columns.map { $0.value(at: row) } }
        return .rows(RowSet(table: table.name, columns: table.columns.map(\.name), formats: table.columns.map(ValueFormat.init),
                            rows: rows, totalRows: try self.table(name).rowCount))
    }

    private mutating func time(_ name: Located<String>, column: Located<String>?) throws(KPIError) -> Output {
        let table = try self.table(name)
        guard let column else {
            guard let index = table.timeColumn else { return .message("\(table.name) has no date column") }
            return .message("time: \(table.name).\(table.columns[index].name)")
        }
        guard let index = table.columns.firstIndex(where: { $0.name == column.value }) else {
            throw .unknownColumn(table: table.name, column: column.value, at: column.range,
                                 suggestion: Suggestion.closest(to: column.value, in: table.columns.map(\.name)))
        }
        let type = table.columns[index].type
        guard type == .date || type == .datetime else {
            throw .notATimeColumn(table: table.name, column: column.value, type: type.rawValue, at: column.range)
        }
        workspace.setTimeColumn(index, of: table.name)
        cache.invalidateTable(table.name)
        return .message("time: \(table.name).\(column.value)")
    }
}
