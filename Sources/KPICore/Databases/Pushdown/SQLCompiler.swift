/// A row expression translated to SQL, typed as the in-memory row evaluator types it
/// (`RowEvaluator.RowValue`), so that the same expressions are accepted and mean the same.
enum SQLValue {
    /// A double-valued expression; `storedDecimal` when it is a bare column that the
    /// database stores as exact decimals (numeric, integer), summed as stored.
    struct Number {
        var sql: String
        var storedDecimal: RemoteColumn? = nil
    }

    case number(Number)
    case text(column: RemoteColumn)
    /// A date or datetime column compared by its day.
    case day(column: RemoteColumn)
    /// A datetime column: seconds in arithmetic, its day against a period.
    case seconds(column: RemoteColumn)
    /// A boolean expression in SQL's three-valued logic (the same logic as kpi's).
    case condition(String)
    case literalNumber(Double)
    case literalString(String)
    case literalPeriod(Period)
    case literalBool(Bool)
}

/// Translates aggregate arguments and `where` conditions on an attached table into SQL,
/// with the null semantics of kpi's row evaluator: arithmetic with a null is null,
/// division by zero is null, comparisons with a null are unknown, and a filter keeps
/// rows where it is true.
struct SQLCompiler {
    let table: Table
    let source: RemoteSource
    let dialect: SQLDialect

    init(table: Table, source: RemoteSource, dialect: SQLDialect) {
        self.table = table
        self.source = source
        self.dialect = dialect
    }

    /// A `where` condition, for `FILTER (WHERE …)`.
    func condition(_ expression: Expression) throws(KPIError) -> String {
        guard case .condition(let sql) = try compile(expression) else {
            throw .invalidExpression("a where condition must be true or false for each row", at: expression.range,
                                     help: "compare a column, e.g. where \(table.name).channel == \"search\"")
        }
        return sql
    }

    /// The numbers an aggregate reads (sum, avg, min, max, percentiles).
    func numbers(_ expression: Expression, for function: String) throws(KPIError) -> SQLValue.Number {
        switch try compile(expression) {
        case .number(let number): return number
        case .seconds(let column): return SQLValue.Number(sql: dialect.seconds(column))
        case .condition(let sql): return SQLValue.Number(sql: indicator(sql))
        case .literalNumber(let value): return SQLValue.Number(sql: dialect.number(value))
        default:
            throw .invalidExpression("\(function) needs numbers, and \(expression.description) is not a number column",
                                     at: expression.range, help: "count and count_distinct also take text and date columns")
        }
    }

    /// What count and count_distinct read: any column or condition.
    func countable(_ expression: Expression) throws(KPIError) -> String {
        switch try compile(expression) {
        case .number(let number): return number.sql
        case .text(let column), .day(let column), .seconds(let column): return dialect.identifier(column.name)
        case .condition(let sql): return indicator(sql)
        default: throw .invalidExpression("count needs a column", at: expression.range, help: "usage: count(table) or count(table.column)")
        }
    }

    /// 1 where true, 0 where false, null where unknown.
    private func indicator(_ condition: String) -> String {
        "(CASE WHEN \(condition) THEN 1 WHEN NOT (\(condition)) THEN 0 END)"
    }

    func compile(_ expression: Expression) throws(KPIError) -> SQLValue {
        switch expression.kind {
        case .number(let value, _): return .literalNumber(value)
        case .string(let text): return .literalString(text)
        case .period(let period): return .literalPeriod(period)
        case .boolean(let flag): return .literalBool(flag)
        case .column(let tableName, let name):
            guard tableName == table.name else {
                throw .invalidExpression("this reads \(tableName), but the aggregate reads \(table.name)", at: expression.range,
                                         help: "a condition or aggregate reads columns of one table")
            }
            guard let column = source.relation.columns.first(where: { $0.identifier == name }) else {
                if let unmapped = source.relation.unmapped.first(where: { Identifier.from($0.name) == name }) {
                    throw .database(connection: source.connection, .unmappableType(column: unmapped.name, type: unmapped.type),
                                    at: expression.range)
                }
                throw .unknownColumn(table: table.name, column: name, at: expression.range,
                                     suggestion: Suggestion.closest(to: name, in: table.columns.map(\.name)))
            }
            return value(of: column)
        case .name(let name):
            throw .invalidExpression("'\(name)' is a metric or assumption; inside an aggregate or where, use table.column",
                                     at: expression.range, help: "for example: sum(\(table.name).spend)")
        case .unary("-", let operand):
            return try arithmetic("-", .literalNumber(0), try compile(operand), at: expression.range)
        case .unary(_, let operand):
            guard case .condition(let sql) = try compile(operand) else {
                throw .invalidExpression("'not' needs a condition", at: operand.range, help: nil)
            }
            return .condition("(NOT \(sql))")
        case .binary(let op, let lhs, let rhs):
            let left = try compile(lhs), right = try compile(rhs)
            switch op {
            case "and", "or":
                guard case .condition(let a) = left, case .condition(let b) = right else {
                    throw .invalidExpression("'not' needs a condition", at: lhs.range, help: nil)
                }
                return .condition("(\(a) \(op.uppercased()) \(b))")
            case "+", "-", "*", "/", "^": return try arithmetic(op, left, right, at: expression.range)
            default: return try compare(op, left, right, at: expression.range)
            }
        case .membership(let value, let list, let negated):
            let base = try compile(value)
            var equalities: [String] = []
            for item in list {
                guard case .condition(let equal) = try compare("==", base, try compile(item), at: item.range) else { continue }
                equalities.append(equal)
            }
            let any = equalities.isEmpty ? "(1 = 0)" : "(" + equalities.joined(separator: " OR ") + ")"
            return .condition(negated ? "(NOT \(any))" : any)
        case .call(let name, _, _):
            throw .invalidExpression("\(name)() cannot be used inside an aggregate or a where condition", at: expression.range,
                                     help: nil)
        case .path, .window:
            throw .invalidExpression("periods cannot be chosen inside an aggregate or a where condition", at: expression.range,
                                     help: nil)
        }
    }

    private func value(of column: RemoteColumn) -> SQLValue {
        switch column.kind {
        case .number(let exact):
            return .number(SQLValue.Number(sql: dialect.double(column), storedDecimal: exact ? column : nil))
        case .integer: return .number(SQLValue.Number(sql: dialect.double(column), storedDecimal: column))
        case .text: return .text(column: column)
        case .date: return .day(column: column)
        case .datetime: return .seconds(column: column)
        case .bool: return .condition(dialect.condition(column))
        }
    }

    private func number(_ value: SQLValue, at range: SourceRange) throws(KPIError) -> String {
        switch value {
        case .number(let number): return number.sql
        case .seconds(let column): return dialect.seconds(column)
        case .literalNumber(let x): return dialect.number(x)
        case .condition(let sql): return indicator(sql)
        default: throw .invalidExpression("arithmetic needs numbers", at: range, help: nil)
        }
    }

    private func arithmetic(_ op: String, _ left: SQLValue, _ right: SQLValue, at range: SourceRange) throws(KPIError) -> SQLValue {
        let a = try number(left, at: range), b = try number(right, at: range)
        switch op {
        case "/": return .number(SQLValue.Number(sql: "(\(a) / NULLIF(\(b), 0))"))
        case "^":
            guard let power = dialect.power(a, b) else {
                throw .database(connection: source.connection, .notPushable("SQLite has no power function for ^"), at: range)
            }
            return .number(SQLValue.Number(sql: power))
        default: return .number(SQLValue.Number(sql: "(\(a) \(op) \(b))"))
        }
    }

    private static func sqlOperator(_ op: String) -> String { op == "==" ? "=" : op == "!=" ? "<>" : op }

    /// Comparisons, as the row evaluator makes them: numbers with numbers, text with
    /// strings, dates with periods (a period stands for its days), bools with true/false.
    private func compare(_ op: String, _ left: SQLValue, _ right: SQLValue, at range: SourceRange) throws(KPIError) -> SQLValue {
        switch (left, right) {
        case (.text(let column), .literalString(let text)):
            return .condition("(\(dialect.orderedText(column)) \(Self.sqlOperator(op)) \(dialect.string(text)))")
        case (.literalString, .text):
            return try compare(Arithmetic.mirrored(op), right, left, at: range)
        case (.day(let column), .literalPeriod(let period)), (.seconds(let column), .literalPeriod(let period)):
            let day = dialect.day(column)
            let first = dialect.dayLiteral(period.firstDay)
            let end = dialect.dayLiteral(Period(grain: period.grain, ordinal: period.ordinal + 1).firstDay)
            switch op {
            case "==": return .condition("(\(day) >= \(first) AND \(day) < \(end))")
            case "!=": return .condition("(\(day) < \(first) OR \(day) >= \(end))")
            case "<": return .condition("(\(day) < \(first))")
            case "<=": return .condition("(\(day) < \(end))")
            case ">": return .condition("(\(day) >= \(end))")
            default: return .condition("(\(day) >= \(first))")
            }
        case (.literalPeriod, .day), (.literalNumber, .day), (.literalPeriod, .seconds), (.literalNumber, .seconds):
            return try compare(Arithmetic.mirrored(op), right, left, at: range)
        case (.day, .literalNumber(let value)), (.seconds, .literalNumber(let value)):
            guard let year = Period.year(value) else {
                throw .invalidExpression("a date compares with a period, e.g. 2026-03 or 2026", at: range,
                                         help: "periods look like 2026-03-15, 2026-W05, 2026-03, 2026-Q1 or 2026")
            }
            return try compare(op, left, .literalPeriod(year), at: range)
        case (.condition(let sql), .literalBool(let flag)), (.literalBool(let flag), .condition(let sql)):
            guard op == "==" || op == "!=" else { throw .invalidExpression("true and false compare with == or !=", at: range, help: nil) }
            return .condition(flag == (op == "==") ? sql : "(NOT \(sql))")
        default:
            let a = try number(left, at: range), b = try number(right, at: range)
            return .condition("(\(a) \(Self.sqlOperator(op)) \(b))")
        }
    }
}
