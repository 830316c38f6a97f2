import Glibc

/// Evaluates expressions row by row over one table: `where` conditions into row
/// masks, and aggregate arguments (`sum(ads.spend * ads.fx)`) into numbers. Whole
/// columns at a time, so a condition costs one pass per comparison.
struct RowEvaluator {
    let table: Table

    /// A value per row, or one value for all rows.
    enum RowValue {
        case numbers([Double])
        case text(codes: [Int32], dictionary: [String])
        case days([Int32])
        case mask([Bool])
        case number(Double)
        case string(String)
        case period(Period)
        case boolean(Bool)
    }

    /// The rows where `condition` holds (null compares false).
    func mask(_ condition: Expression) throws(KPIError) -> [Bool] {
        guard case .mask(let mask) = try evaluate(condition) else {
            throw .invalidExpression("a where condition must be true or false for each row", at: condition.range,
                                     help: "compare a column, e.g. where \(table.name).channel == \"search\"")
        }
        return mask
    }

    /// The numbers an aggregate reads.
    func numbers(_ expression: Expression, for function: String) throws(KPIError) -> [Double] {
        switch try evaluate(expression) {
        case .numbers(let values): return values
        case .mask(let mask): return mask.map { $0 ? 1 : 0 }
        case .number(let value): return [Double](repeating: value, count: table.rowCount)
        default:
            throw .invalidExpression("\(function) needs numbers, and \(expression.description) is not a number column",
                                     at: expression.range, help: "count and count_distinct also take text and date columns")
        }
    }

    func evaluate(_ expression: Expression) throws(KPIError) -> RowValue {
        switch expression.kind {
        case .number(let value, _): return .number(value)
        case .string(let text): return .string(text)
        case .period(let period): return .period(period)
        case .boolean(let flag): return .boolean(flag)
        case .column(let tableName, let name):
            guard tableName == table.name else {
                throw .invalidExpression("this reads \(tableName), but the aggregate reads \(table.name)", at: expression.range,
                                         help: "a condition or aggregate reads columns of one table")
            }
            guard let column = table.column(named: name) else {
                throw .unknownColumn(table: table.name, column: name, at: expression.range,
                                     suggestion: Suggestion.closest(to: name, in: table.columns.map(\.name)))
            }
            return Self.rowValue(column.data)
        case .name(let name):
            throw .invalidExpression("'\(name)' is a metric or assumption; inside an aggregate or where, use table.column",
                                     at: expression.range, help: "for example: sum(\(table.name).spend)")
        case .unary("-", let operand):
            return try arithmetic("-", .number(0), try evaluate(operand), at: expression.range)
        case .unary(_, let operand):
            guard case .mask(let mask) = try evaluate(operand) else { throw notCondition(operand) }
            return .mask(mask.map { !$0 })
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, at: expression.range)
        case .membership(let value, let list, let negated):
            let base = try evaluate(value)
            var result = [Bool](repeating: false, count: table.rowCount)
            for item in list {
                guard case .mask(let equal) = try compare("==", base, try evaluate(item), at: item.range) else { continue }
                for row in result.indices where equal[row] { result[row] = true }
            }
            return .mask(negated ? result.map { !$0 } : result)
        case .call(let name, _, _):
            throw .invalidExpression("\(name)() cannot be used inside an aggregate or a where condition", at: expression.range,
                                     help: nil)
        }
    }

    static func rowValue(_ data: ColumnData) -> RowValue {
        switch data {
        case .number(let values), .datetime(let values): return .numbers(values)
        case .date(let days): return .days(days)
        case .text(let codes, let dictionary): return .text(codes: codes, dictionary: dictionary)
        case .bool(let values): return .mask(values.map { $0 == 1 })
        case .null(let count): return .numbers([Double](repeating: .nan, count: count))
        }
    }

    private func notCondition(_ expression: Expression) -> KPIError {
        .invalidExpression("'not' needs a condition", at: expression.range, help: nil)
    }

    private func binary(_ op: String, _ lhs: Expression, _ rhs: Expression, at range: SourceRange) throws(KPIError) -> RowValue {
        let left = try evaluate(lhs), right = try evaluate(rhs)
        switch op {
        case "and", "or":
            guard case .mask(let a) = left, case .mask(let b) = right else { throw notCondition(lhs) }
            return .mask(zip(a, b).map { op == "and" ? $0 && $1 : $0 || $1 })
        case "+", "-", "*", "/", "^":
            return try arithmetic(op, left, right, at: range)
        default:
            return try compare(op, left, right, at: range)
        }
    }

    private func numbers(_ value: RowValue, at range: SourceRange) throws(KPIError) -> (per: [Double]?, one: Double) {
        switch value {
        case .numbers(let values): return (values, 0)
        case .number(let number): return (nil, number)
        case .mask(let mask): return (mask.map { $0 ? 1 : 0 }, 0)
        default: throw .invalidExpression("arithmetic needs numbers", at: range, help: nil)
        }
    }

    private func arithmetic(_ op: String, _ left: RowValue, _ right: RowValue, at range: SourceRange) throws(KPIError) -> RowValue {
        let (a, x) = try numbers(left, at: range), (b, y) = try numbers(right, at: range)
        let apply = Arithmetic.operation(op)
        if a == nil, b == nil { return .number(apply(x, y)) }
        return .numbers((0..<table.rowCount).map { apply(a?[$0] ?? x, b?[$0] ?? y) })
    }

    /// Comparisons: numbers with numbers, text with strings (by dictionary code),
    /// dates with periods (a period stands for its days: `>= 2026-03` from March 1st).
    private func compare(_ op: String, _ left: RowValue, _ right: RowValue, at range: SourceRange) throws(KPIError) -> RowValue {
        switch (left, right) {
        case (.text(let codes, let dictionary), .string(let text)):
            let holds = dictionary.map { Arithmetic.compare(op, $0, text) }
            return .mask(codes.map { $0 >= 0 && holds[Int($0)] })
        case (.string, .text):
            return try compare(Arithmetic.mirrored(op), right, left, at: range)
        case (.days(let days), .period(let period)):
            let first = period.firstDay, end = Period(grain: period.grain, ordinal: period.ordinal + 1).firstDay
            return .mask(days.map { day in
                day != ColumnData.nullDate && Arithmetic.compareDay(op, Int(day), first: first, end: end)
            })
        case (.period, .days):
            return try compare(Arithmetic.mirrored(op), right, left, at: range)
        case (.mask(let mask), .boolean(let flag)), (.boolean(let flag), .mask(let mask)):
            guard op == "==" || op == "!=" else { throw .invalidExpression("true and false compare with == or !=", at: range, help: nil) }
            return .mask(mask.map { ($0 == flag) == (op == "==") })
        default:
            let (a, x) = try numbers(left, at: range), (b, y) = try numbers(right, at: range)
            return .mask((0..<table.rowCount).map { row in
                let u = a?[row] ?? x, v = b?[row] ?? y
                return !u.isNaN && !v.isNaN && Arithmetic.compare(op, u, v)
            })
        }
    }
}

/// The arithmetic and comparisons shared by row and series evaluation.
enum Arithmetic {
    /// `+ - * / ^`; division by zero and other non-finite results are null (nan).
    static func operation(_ op: String) -> (Double, Double) -> Double {
        switch op {
        case "+": return { Quantity.clean($0 + $1) }
        case "-": return { Quantity.clean($0 - $1) }
        case "*": return { Quantity.clean($0 * $1) }
        case "/": return { $1 == 0 ? .nan : Quantity.clean($0 / $1) }
        case "^": return { Quantity.clean(Glibc.pow($0, $1)) }
        default: return { _, _ in .nan }
        }
    }

    static func compare<T: Comparable>(_ op: String, _ a: T, _ b: T) -> Bool {
        switch op {
        case "==": return a == b
        case "!=": return a != b
        case "<": return a < b
        case "<=": return a <= b
        case ">": return a > b
        case ">=": return a >= b
        default: return false
        }
    }

    /// A day against a period's days `first..<end`.
    static func compareDay(_ op: String, _ day: Int, first: Int, end: Int) -> Bool {
        switch op {
        case "==": return day >= first && day < end
        case "!=": return day < first || day >= end
        case "<": return day < first
        case "<=": return day < end
        case ">": return day >= end
        case ">=": return day >= first
        default: return false
        }
    }

    /// The operator with its operands swapped: `a < b` is `b > a`.
    static func mirrored(_ op: String) -> String {
        ["<": ">", "<=": ">=", ">": "<", ">=": "<="][op] ?? op
    }
}

extension Expression {
    /// A short description for messages: `ads.spend`, `spend`, or `this expression`.
    var description: String {
        switch kind {
        case .column(let table, let column): return "\(table).\(column)"
        case .name(let name): return name
        default: return "this expression"
        }
    }
}
