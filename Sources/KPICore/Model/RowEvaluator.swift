import Glibc

/// Evaluates expressions row by row over one table: `where` conditions into row
/// masks, and aggregate arguments (`sum(ads.spend * ads.fx)`) into numbers. Whole
/// columns at a time, so a condition costs one pass per comparison.
struct RowEvaluator {
    let table: Table

    /// A value per row, or one value for all rows.
    enum RowValue {
        /// A number column as stored, or numbers computed from columns.
        case numbers(NumberColumn)
        case text(codes: TextCodes, dictionary: [String])
        case days([Int32])
        /// Datetimes as seconds since the epoch: numbers in arithmetic, days against a period.
        case seconds([Double])
        case condition(Condition)
        case number(Double)
        case string(String)
        case period(Period)
        case boolean(Bool)
    }

    /// A condition per row in SQL's three-valued logic: true, false, or unknown where it
    /// compares a null. `not` swaps true and false and leaves unknown unknown; `and` is
    /// false where either side is false, `or` true where either side is true.
    struct Condition {
        var isTrue: [Bool]
        /// Where it is false; rows neither true nor false are unknown.
        var isFalse: [Bool]

        /// Known everywhere: `holds` where true, false elsewhere.
        init(_ holds: [Bool]) {
            isTrue = holds
            isFalse = holds.map { !$0 }
        }

        /// True where `holds`, false where not, unknown where `known` is false.
        init(_ holds: [Bool], known: [Bool]) {
            isTrue = zip(holds, known).map { $0 && $1 }
            isFalse = zip(holds, known).map { !$0 && $1 }
        }

        init(isTrue: [Bool], isFalse: [Bool]) {
            self.isTrue = isTrue
            self.isFalse = isFalse
        }

        var negated: Condition { Condition(isTrue: isFalse, isFalse: isTrue) }

        func and(_ other: Condition) -> Condition {
            Condition(isTrue: zip(isTrue, other.isTrue).map { $0 && $1 }, isFalse: zip(isFalse, other.isFalse).map { $0 || $1 })
        }

        func or(_ other: Condition) -> Condition {
            Condition(isTrue: zip(isTrue, other.isTrue).map { $0 || $1 }, isFalse: zip(isFalse, other.isFalse).map { $0 && $1 })
        }

        /// 1 where true, 0 where false, null where unknown: what an aggregate of a condition reads.
        var numbers: [Double] { zip(isTrue, isFalse).map { $0 ? 1 : ($1 ? 0 : .nan) } }
    }

    /// The rows where `condition` is true; false and unknown rows are left out, as in SQL.
    func mask(_ condition: Expression) throws(KPIError) -> [Bool] {
        guard case .condition(let result) = try evaluate(condition) else {
            throw .invalidExpression("a where condition must be true or false for each row", at: condition.range,
                                     help: "compare a column, e.g. where \(table.name).channel == \"search\"")
        }
        return result.isTrue
    }

    /// The numbers an aggregate reads: a column's own storage when it is named alone.
    func numbers(_ expression: Expression, for function: String) throws(KPIError) -> NumberColumn {
        switch try evaluate(expression) {
        case .numbers(let values): return values
        case .seconds(let values): return NumberColumn(values)
        case .condition(let condition): return NumberColumn(condition.numbers)
        case .number(let value): return NumberColumn([Double](repeating: value, count: table.rowCount))
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
            guard case .condition(let condition) = try evaluate(operand) else { throw notCondition(operand) }
            return .condition(condition.negated)
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, at: expression.range)
        case .membership(let value, let list, let negated):
            // x in (a, b) is x == a or x == b, so a null x is unknown either way.
            let base = try evaluate(value)
            var result = Condition([Bool](repeating: false, count: table.rowCount))
            for item in list {
                guard case .condition(let equal) = try compare("==", base, try evaluate(item), at: item.range) else { continue }
                result = result.or(equal)
            }
            return .condition(negated ? result.negated : result)
        case .call(let name, _, _):
            throw .invalidExpression("\(name)() cannot be used inside an aggregate or a where condition", at: expression.range,
                                     help: nil)
        case .path, .window:
            throw .invalidExpression("periods cannot be chosen inside an aggregate or a where condition", at: expression.range,
                                     help: nil)
        }
    }

    static func rowValue(_ data: ColumnData) -> RowValue {
        switch data {
        case .number(let values): return .numbers(values)
        case .datetime(let seconds): return .seconds(seconds)
        case .date(let days): return .days(days)
        case .text(let codes, let dictionary): return .text(codes: codes, dictionary: dictionary)
        case .bool(let values): return .condition(Condition(isTrue: values.map { $0 == 1 }, isFalse: values.map { $0 == 0 }))
        case .null(let count): return .numbers(NumberColumn([Double](repeating: .nan, count: count)))
        }
    }

    private func notCondition(_ expression: Expression) -> KPIError {
        .invalidExpression("'not' needs a condition", at: expression.range, help: nil)
    }

    private func binary(_ op: String, _ lhs: Expression, _ rhs: Expression, at range: SourceRange) throws(KPIError) -> RowValue {
        let left = try evaluate(lhs), right = try evaluate(rhs)
        switch op {
        case "and", "or":
            guard case .condition(let a) = left, case .condition(let b) = right else { throw notCondition(lhs) }
            return .condition(op == "and" ? a.and(b) : a.or(b))
        case "+", "-", "*", "/", "^":
            return try arithmetic(op, left, right, at: range)
        default:
            return try compare(op, left, right, at: range)
        }
    }

    private func numbers(_ value: RowValue, at range: SourceRange) throws(KPIError) -> (per: [Double]?, one: Double) {
        switch value {
        case .numbers(let values): return (values.doubles, 0)
        case .seconds(let values): return (values, 0)
        case .number(let number): return (nil, number)
        case .condition(let condition): return (condition.numbers, 0)
        default: throw .invalidExpression("arithmetic needs numbers", at: range, help: nil)
        }
    }

    private func arithmetic(_ op: String, _ left: RowValue, _ right: RowValue, at range: SourceRange) throws(KPIError) -> RowValue {
        let (a, x) = try numbers(left, at: range), (b, y) = try numbers(right, at: range)
        let apply = Arithmetic.operation(op)
        if a == nil, b == nil { return .number(apply(x, y)) }
        return .numbers(NumberColumn((0..<table.rowCount).map { apply(a?[$0] ?? x, b?[$0] ?? y) }))
    }

    /// Comparisons: numbers with numbers, text with strings (by dictionary code),
    /// dates with periods (a period stands for its days: `>= 2026-03` from March 1st).
    private func compare(_ op: String, _ left: RowValue, _ right: RowValue, at range: SourceRange) throws(KPIError) -> RowValue {
        switch (left, right) {
        case (.text(let codes, let dictionary), .string(let text)):
            let holds = dictionary.map { Arithmetic.compare(op, $0, text) }
            return .condition(Condition(codes.map { $0 >= 0 && holds[Int($0)] }, known: codes.map { $0 >= 0 }))
        case (.string, .text):
            return try compare(Arithmetic.mirrored(op), right, left, at: range)
        case (.days(let days), .period(let period)):
            let first = period.firstDay, end = Period(grain: period.grain, ordinal: period.ordinal + 1).firstDay
            return .condition(Condition(days.map { Arithmetic.compareDay(op, Int($0), first: first, end: end) },
                                        known: days.map { $0 != ColumnData.nullDate }))
        case (.period, .days), (.number, .days), (.period, .seconds), (.number, .seconds):
            return try compare(Arithmetic.mirrored(op), right, left, at: range)
        case (.days, .number(let value)), (.seconds, .number(let value)):
            // A bare year where a date is compared: `t.day >= 2026`.
            guard let year = Period.year(value) else {
                throw .invalidExpression("a date compares with a period, e.g. 2026-03 or 2026", at: range,
                                         help: "periods look like 2026-03-15, 2026-W05, 2026-03, 2026-Q1 or 2026")
            }
            return try compare(op, left, .period(year), at: range)
        case (.seconds(let seconds), .period):
            let days = seconds.map { $0.isNaN ? ColumnData.nullDate : Int32(($0 / 86_400).rounded(.down)) }
            return try compare(op, .days(days), right, at: range)
        case (.condition(let condition), .boolean(let flag)), (.boolean(let flag), .condition(let condition)):
            guard op == "==" || op == "!=" else { throw .invalidExpression("true and false compare with == or !=", at: range, help: nil) }
            return .condition(flag == (op == "==") ? condition : condition.negated)
        default:
            let (a, x) = try numbers(left, at: range), (b, y) = try numbers(right, at: range)
            let rows = 0..<table.rowCount
            return .condition(Condition(rows.map { Arithmetic.compare(op, a?[$0] ?? x, b?[$0] ?? y) },
                                        known: rows.map { !(a?[$0] ?? x).isNaN && !(b?[$0] ?? y).isNaN }))
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
