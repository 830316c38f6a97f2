/// One aggregate column of a pushed-down query, and how a period or group with no rows
/// reads: 0 for sums and counts (as in memory), null for the rest.
struct SQLAggregate: Hashable, Sendable {
    var sql: String
    var emptyIsZero: Bool
}

/// What one kpi aggregate needs from the database: one SQL aggregate, or for `avg` a sum
/// and a count, divided here exactly as memory divides them.
struct PushedAggregate {
    var function: String
    var parts: [SQLAggregate]
}

extension SQLCompiler {
    /// `function(argument)` filtered by `filter`, as SQL aggregates with `FILTER (WHERE …)`:
    /// a filter per aggregate lets every metric of a table share one query.
    func aggregate(_ function: String, argument: Expression, filter: Expression?, quantile: Double) throws(KPIError) -> PushedAggregate {
        let condition = try filter.map { (expression) throws(KPIError) -> String in try self.condition(expression) }
        func part(_ sql: String, zero: Bool) -> SQLAggregate {
            SQLAggregate(sql: condition.map { sql + " FILTER (WHERE \($0))" } ?? sql, emptyIsZero: zero)
        }
        if case .name = argument.kind {
            guard function == "count" else {
                throw .invalidExpression("\(function)() needs a column of \(table.name)", at: argument.range,
                                         help: Evaluator.usage[function].map { "usage: \($0)" })
            }
            return PushedAggregate(function: function, parts: [part("count(*)", zero: true)])
        }
        switch function {
        case "count":
            return PushedAggregate(function: function, parts: [part("count(\(try countable(argument)))", zero: true)])
        case "count_distinct":
            return PushedAggregate(function: function, parts: [part("count(DISTINCT \(try countable(argument)))", zero: true)])
        case "sum":
            let value = try numbers(argument, for: function)
            return PushedAggregate(function: function, parts: [part(dialect.sum(dialect.exactSummand(value)), zero: true)])
        case "avg":
            let value = try numbers(argument, for: function)
            return PushedAggregate(function: function, parts: [part(dialect.sum(dialect.exactSummand(value)), zero: true),
                                                               part("count(\(value.sql))", zero: true)])
        case "min", "max":
            let value = try numbers(argument, for: function)
            return PushedAggregate(function: function, parts: [part("\(function)(\(value.sql))", zero: false)])
        default:
            let value = try numbers(argument, for: function)
            return PushedAggregate(function: function, parts: [part(dialect.quantile(value.sql, quantile), zero: false)])
        }
    }
}

/// The answer to pushed-down aggregates of one attached table at one grain (and
/// breakdown column): cells by group value and period, from one GROUP BY query.
final class RemoteResult {
    /// The periods with rows, as a period index has them: ordinal of the first, and how many.
    private(set) var start = 0
    private(set) var count = 0
    /// Every group value seen (nil for rows without one), for the breakdown's labels.
    private(set) var groups: Set<String?> = []
    private var cells: [SQLAggregate: [String?: [Int: Double]]] = [:]
    /// The SQL sent, in order, for `explain NAME sql`.
    private(set) var sent: [String] = []

    func has(_ aggregate: SQLAggregate) -> Bool { cells[aggregate] != nil }

    /// Takes in the rows of a query: `[period,] [group,] aggregates…`.
    func absorb(_ rows: ResultRows, aggregates: [SQLAggregate], timed: Bool, grouped: Bool, grain: Grain, sql: String) {
        sent.append(sql)
        var low = Int.max, high = Int.min
        let offset = (timed ? 1 : 0) + (grouped ? 1 : 0)
        for aggregate in aggregates { cells[aggregate] = [:] }
        for row in 0..<rows.rowCount {
            let group = grouped ? rows[row, timed ? 1 : 0].text : nil
            groups.insert(group)
            var ordinal = 0
            if timed {
                let day = rows[row, 0].number
                guard !day.isNaN else { continue }
                ordinal = Period(containing: Int(day), grain: grain).ordinal
                low = min(low, ordinal)
                high = max(high, ordinal)
            }
            for (index, aggregate) in aggregates.enumerated() {
                cells[aggregate]![group, default: [:]][ordinal] = rows[row, offset + index].number
            }
        }
        if timed {
            (start, count) = low <= high ? (low, high - low + 1) : (0, 0)
        } else {
            (start, count) = (0, 1)
        }
    }

    /// One aggregate's values laid out as a series over `labels` (the breakdown's groups,
    /// `(none)` for rows without a value), or over one group when not broken down.
    func values(_ aggregate: SQLAggregate, labels: [String]?) -> [Double] {
        let byGroup = cells[aggregate] ?? [:]
        let empty = aggregate.emptyIsZero ? 0.0 : .nan
        let groupKeys: [String?] = labels?.map { $0 == Aggregation.Grouping.none ? nil : $0 } ?? [nil]
        var values = [Double](repeating: empty, count: count * groupKeys.count)
        for (g, key) in groupKeys.enumerated() {
            for (ordinal, value) in byGroup[key] ?? [:] {
                let slot = ordinal - start
                guard slot >= 0, slot < count else { continue }
                values[g * count + slot] = value.isNaN ? empty : value
            }
        }
        return values
    }
}
