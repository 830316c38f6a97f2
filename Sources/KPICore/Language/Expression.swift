/// An expression of the language: a metric's formula, an assumption's value, a
/// `where` condition. Carries its source range so errors can point into it.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// A number literal; `percent` when written as one (`4%`).
        case number(Double, percent: Bool)
        case string(String)
        case period(Period)
        case boolean(Bool)
        /// A metric or assumption.
        case name(String)
        /// `table.column`, read by aggregates and `where` conditions.
        case column(table: String, column: String)
        /// `-x`, `not x`.
        case unary(String, Expression)
        /// `+ - * / ^`, comparisons `== != < <= > >=`, `and`, `or`.
        case binary(String, Expression, Expression)
        /// A function: aggregates, series functions, reductions; `last` is `last N`.
        case call(String, [Expression], last: Int?)
        /// `x in (a, b)`, `x not in (a, b)`.
        case membership(Expression, [Expression], negated: Bool)
        /// A value over time: `80k from 2026-11 growing 3%`, `80k, 85k from 2026-11`,
        /// `budget * 1.1 from 2027-01` (a `let`'s whole value, or a scenario's override).
        case path(ValuePath)
        /// `x from P to Q` inside a reduction (`total(x from 2027-01 to 2027-03)`): x over
        /// those periods only.
        case window(Expression, from: Period?, to: Period?)
    }

    public var kind: Kind
    public var range: SourceRange
    /// Levels of the tree below and including this node. The parser bounds it, since
    /// evaluating, comparing and freeing a tree recurse through its depth.
    public let depth: Int

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        switch kind {
        case .number, .string, .period, .boolean, .name, .column: depth = 1
        case .unary(_, let operand): depth = operand.depth + 1
        case .binary(_, let lhs, let rhs): depth = max(lhs.depth, rhs.depth) + 1
        case .call(_, let arguments, _): depth = (arguments.map(\.depth).max() ?? 0) + 1
        case .membership(let value, let list, _): depth = max(value.depth, list.map(\.depth).max() ?? 0) + 1
        case .path(let path): depth = ((path.values + (path.growth.map { [$0] } ?? [])).map(\.depth).max() ?? 0) + 1
        case .window(let inner, _, _): depth = inner.depth + 1
        }
    }

    /// Names of metrics and assumptions this expression reads.
    public var names: [String] {
        var result: [String] = []
        visit { if case .name(let name) = $0.kind, !result.contains(name) { result.append(name) } }
        return result
    }

    /// `table.column` pairs this expression reads.
    public var columns: [(table: String, column: String)] {
        var result: [(String, String)] = []
        visit {
            if case .column(let table, let column) = $0.kind, !result.contains(where: { $0 == (table, column) }) {
                result.append((table, column))
            }
        }
        return result
    }

    /// Calls `body` on this expression and every sub-expression, parents first.
    public func visit(_ body: (Expression) -> Void) {
        body(self)
        switch kind {
        case .number, .string, .period, .boolean, .name, .column: break
        case .unary(_, let operand): operand.visit(body)
        case .binary(_, let lhs, let rhs):
            lhs.visit(body)
            rhs.visit(body)
        case .call(_, let arguments, _): arguments.forEach { $0.visit(body) }
        case .membership(let value, let list, _):
            value.visit(body)
            list.forEach { $0.visit(body) }
        case .path(let path):
            path.values.forEach { $0.visit(body) }
            path.growth?.visit(body)
        case .window(let inner, _, _): inner.visit(body)
        }
    }
}

/// An assumption planned period by period: one value grown at a rate, or a list of values,
/// from a first period (at the grain it is written in) to a last one.
public struct ValuePath: Sendable, Equatable {
    /// One value (grown by `growth` each period), or a value per period.
    public var values: [Expression]
    public var start: Located<Period>
    /// The last period; without it a list ends with its values, one value runs a year
    /// (or, read from a series in a scenario, to that series' end).
    public var end: Located<Period>?
    /// `growing 3%`: the change per period of the path's grain.
    public var growth: Expression?

    public init(values: [Expression], start: Located<Period>, end: Located<Period>?, growth: Expression?) {
        self.values = values
        self.start = start
        self.end = end
        self.growth = growth
    }
}

/// The functions of the language, by what they do, for parsing, help and "did you mean".
public enum Functions {
    /// Read a table's rows per period: `sum(t.c)`, `count(t)`, `percentile(t.c, 90)`.
    public static let aggregates: Set<String> = ["sum", "count", "avg", "min", "max", "median", "percentile", "count_distinct"]
    /// Work on a series period by period.
    public static let series: Set<String> = ["prev", "growth", "cumulative", "rolling"]
    /// Reduce a series to one number; take `last N`.
    public static let reductions: Set<String> = ["latest", "mean", "total"]
    /// Everything else.
    public static let scalar: Set<String> = ["round", "abs", "if"]
    /// Uncertain assumptions: their mean in `show`, samples in `simulate`.
    public static let distributions: Set<String> = ["normal", "uniform", "triangular", "lognormal", "between", "fit"]

    public static var all: Set<String> { aggregates.union(series).union(reductions).union(scalar).union(distributions) }
}
