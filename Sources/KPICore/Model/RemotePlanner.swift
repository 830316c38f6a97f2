/// Plans the queries for attached tables: every aggregate that the metrics being computed
/// ask of one table, at one grain and breakdown, goes into one GROUP BY query, whose
/// result is kept for the rest of the statement (docs/DESIGN.md, "Pushdown").
struct RemotePlanner {
    let workspace: Workspace
    let cache: EvaluationCache
    let grain: Grain

    /// The result holding `needed` for `table` (grouped by the column `dimension`), querying
    /// the database for what is missing, together with every other aggregate of that
    /// table that the definitions `roots` read.
    func result(table: Table, source: RemoteSource, dimension: String?, needing needed: [SQLAggregate], roots: [String],
                at range: SourceRange) throws(KPIError) -> RemoteResult {
        let key = "\(table.name)|\(grain.rawValue)|\(dimension ?? "")"
        let result = cache.remoteResult(key)
        if needed.isEmpty ? !result.sent.isEmpty : needed.allSatisfy(result.has) { return result }
        let connection = try workspace.databases.live(source.connection, at: range)
        let compiler = SQLCompiler(table: table, source: source, dialect: connection.dialect)
        var wanted = needed.filter { !result.has($0) }
        for aggregate in candidates(for: table, compiler: compiler, roots: roots, grouped: dimension != nil)
        where !result.has(aggregate) && !wanted.contains(aggregate) {
            wanted.append(aggregate)
        }
        if wanted.isEmpty { wanted = [SQLAggregate(sql: "count(*)", emptyIsZero: true)] }
        let timeColumn = try table.timeColumn.map { (index) throws(KPIError) -> RemoteColumn in
            try Self.remoteColumn(table.columns[index].name, of: source, at: range)
        }
        let groupColumn = try dimension.map { (name) throws(KPIError) -> RemoteColumn in try Self.remoteColumn(name, of: source, at: range) }
        let dialect = connection.dialect
        var select: [String] = []
        if let timeColumn { select.append(dialect.periodStart(timeColumn, grain: grain)) }
        if let groupColumn { select.append(dialect.label(groupColumn)) }
        select += wanted.map(\.sql)
        let keys = (0..<(select.count - wanted.count)).map { String($0 + 1) }
        let sql = "SELECT " + select.joined(separator: ", ") + " FROM " + dialect.relation(source.relation)
            + (keys.isEmpty ? "" : " GROUP BY " + keys.joined(separator: ", "))
        workspace.databases.recordSent(sql, on: source.connection)
        do {
            let rows = try connection.rows(sql, cancellation: workspace.databases.cancellation)
            result.absorb(rows, aggregates: wanted, timed: timeColumn != nil, grouped: groupColumn != nil, grain: grain, sql: sql)
        } catch {
            if case .cancelled = error { throw .cancelled(at: range) }
            throw .database(connection: source.connection, error, at: range)
        }
        return result
    }

    static func remoteColumn(_ identifier: String, of source: RemoteSource, at range: SourceRange) throws(KPIError) -> RemoteColumn {
        guard let column = source.relation.columns.first(where: { $0.identifier == identifier }) else {
            throw .unknownColumn(table: source.relation.name, column: identifier, at: range,
                                 suggestion: Suggestion.closest(to: identifier, in: source.relation.columns.map(\.identifier)))
        }
        return column
    }

    /// The SQL aggregates that the definitions reachable from `roots` ask of `table`, each
    /// with its definition's filter. What cannot be compiled is left for its own
    /// evaluation to report.
    func candidates(for table: Table, compiler: SQLCompiler, roots: [String], grouped: Bool) -> [SQLAggregate] {
        var found: [SQLAggregate] = [], seen = Set<String>()
        var pending = roots
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let definition = workspace.definitions[name] else { continue }
            // Assumptions are never broken down: a grouped query does not need theirs.
            if grouped, definition.kind == .assumption { continue }
            pending += definition.dependencies
            definition.expression.visit { node in
                guard case .call(let function, let arguments, _) = node.kind, Functions.aggregates.contains(function),
                      let first = arguments.first, Self.reads(first, table: table.name),
                      let quantile = try? Evaluator.quantile(function, arguments, at: node.range),
                      let pushed = try? compiler.aggregate(function, argument: first, filter: definition.filter, quantile: quantile)
                else { return }
                for part in pushed.parts where !found.contains(part) { found.append(part) }
            }
        }
        return found
    }

    private static func reads(_ argument: Expression, table: String) -> Bool {
        if case .name(let name) = argument.kind { return name == table }
        let tables = Set(argument.columns.map(\.table))
        return tables == [table]
    }
}
