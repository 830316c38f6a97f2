/// Aggregates: one pass over a table's rows per period (and group).
extension Evaluator {
    func aggregate(_ name: String, _ arguments: [Expression], filter: Expression?,
                   at range: SourceRange) throws(KPIError) -> Quantity {
        guard let first = arguments.first else {
            throw .invalidExpression("\(name)() needs a column", at: range, help: Self.usage[name].map { "usage: \($0)" })
        }
        let table = try self.table(for: first, function: name, at: range)
        if let source = table.remote {
            return try remoteAggregate(name, arguments, filter: filter, table: table, source: source, at: range)
        }
        let grouping = breakdown?.grouping(for: table.name)
        // A table without dates (targets, a price list) aggregates to one number.
        let timeless = table.timeColumn == nil
        if timeless, grouping != nil {
            throw .invalidExpression("\(table.name) has no date column, so it cannot be shown per period by a column",
                                     at: first.range, help: "time \(table.name).COLUMN picks a date column")
        }
        let index = table.timeColumn.map { cache.periodIndex(table: table, column: $0, grain: grain) }
            ?? PeriodIndex(wholeTable: table.rowCount, grain: grain)
        let rows = RowEvaluator(table: table)
        var values: NumberColumn?
        if case .name = first.kind {
            guard name == "count" else {
                throw .invalidExpression("\(name)() needs a column of \(table.name)", at: first.range,
                                         help: Self.usage[name].map { "usage: \($0)" })
            }
        } else if name == "count" || name == "count_distinct" {
            values = try countable(rows.evaluate(first), at: first.range)
        } else {
            values = try rows.numbers(first, for: name)
        }
        let quantile = try Self.quantile(name, arguments, at: range)
        let mask = try filter.map { (condition) throws(KPIError) -> [Bool] in try self.mask(condition, table: rows) }
        let series = Aggregation.compute(name, values: values, index: index, grouping: grouping, mask: mask, percentile: quantile)
        return timeless ? .scalar(series.values[0]) : .series(series)
    }

    /// The quantile (0…1) a percentile asks for; 0.5 for every other aggregate.
    static func quantile(_ name: String, _ arguments: [Expression], at range: SourceRange) throws(KPIError) -> Double {
        guard name == "percentile" else { return 0.5 }
        guard arguments.count == 2, case .number(let p, let percent) = arguments[1].kind, p >= 0, p <= (percent ? 1 : 100) else {
            throw .invalidExpression("percentile() needs a column and a percentile from 0 to 100", at: range,
                                     help: "usage: percentile(table.column, 90)")
        }
        // SQL's percentile_cont takes 0…1, kpi 0…100: a p in (0, 1] reads differently in
        // each, so it is refused rather than guessed.
        guard percent || p == 0 || p > 1 else {
            let text = NumberFormat.plain(p)
            throw .invalidExpression("percentile(…, \(text)) is ambiguous: kpi reads it as the \(text)th percentile (0 to 100), "
                                     + "SQL as the \(NumberFormat.plain(p * 100))th", at: arguments[1].range,
                                     help: "write \(NumberFormat.plain(p * 100)) (or \(NumberFormat.plain(p * 100))%) for the "
                                        + "\(NumberFormat.plain(p * 100))th percentile, or \(text)% for the \(text)th")
        }
        return percent ? p : p / 100
    }

    /// An aggregate of an attached table, computed by its database: one query per table,
    /// grain and breakdown answers every aggregate of the statement on that table.
    private func remoteAggregate(_ name: String, _ arguments: [Expression], filter: Expression?, table: Table,
                                 source: RemoteSource, at range: SourceRange) throws(KPIError) -> Quantity {
        let dimension = breakdown?.remoteColumns[table.name]
        if table.timeColumn == nil, dimension != nil {
            throw .invalidExpression("\(table.name) has no date column, so it cannot be shown per period by a column",
                                     at: arguments[0].range, help: "time \(table.name).COLUMN picks a date column")
        }
        let connection = try workspace.databases.live(source.connection, at: range)
        let compiler = SQLCompiler(table: table, source: source, dialect: connection.dialect)
        let pushed = try compiler.aggregate(name, argument: arguments[0], filter: filter,
                                            quantile: try Self.quantile(name, arguments, at: range))
        let planner = RemotePlanner(workspace: workspace, cache: cache, grain: grain)
        let result = try planner.result(table: table, source: source, dimension: dimension, needing: pushed.parts,
                                        roots: prefetchRoots + (currentRoot.map { [$0] } ?? []), at: range)
        let labels = dimension == nil ? nil : breakdown?.labels
        let parts = pushed.parts.map { result.values($0, labels: labels) }
        let values = name == "avg" ? zip(parts[0], parts[1]).map { $1 == 0 ? Double.nan : $0 / $1 } : parts[0]
        guard table.timeColumn != nil else { return .scalar(values.first ?? .nan) }
        return .series(Series(grain: grain, start: result.start, count: result.count, groups: labels?.count ?? 1, values: values))
    }

    /// The one table an aggregate's argument reads.
    func table(for argument: Expression, function: String, at range: SourceRange) throws(KPIError) -> Table {
        var tableName: String
        if case .name(let name) = argument.kind {
            tableName = name
        } else {
            let tables = Set(argument.columns.map(\.table))
            guard tables.count == 1, let only = tables.first else {
                throw .invalidExpression("\(function)() reads columns of one table", at: argument.range,
                                         help: Self.usage[function].map { "usage: \($0)" })
            }
            tableName = only
        }
        guard let table = workspace.table(named: tableName) else {
            let known = workspace.tables.map(\.name)
            throw .unknownTable(tableName, at: argument.range, suggestion: Suggestion.closest(to: tableName, in: known), known: known)
        }
        return table
    }

    /// Values count and count_distinct can read: numbers, dates, text codes, bools.
    func countable(_ value: RowEvaluator.RowValue, at range: SourceRange) throws(KPIError) -> NumberColumn {
        switch value {
        case .numbers(let values): return values
        case .days(let days): return NumberColumn(days.map { $0 == ColumnData.nullDate ? .nan : Double($0) })
        case .text(let codes, _): return NumberColumn(codes.map { $0 < 0 ? .nan : Double($0) })
        case .condition(let condition): return NumberColumn(condition.numbers)
        default: throw .invalidExpression("count needs a column", at: range, help: "usage: count(table) or count(table.column)")
        }
    }

    func mask(_ condition: Expression, table rows: RowEvaluator) throws(KPIError) -> [Bool] {
        let key = rows.table.name + "|" + String(describing: condition.kind)
        if let mask = masks[key] { return mask }
        let mask = try rows.mask(condition)
        masks[key] = mask
        return mask
    }
}
