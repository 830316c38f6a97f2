import Glibc

/// Evaluates metrics and assumptions over the periods of the current grain,
/// optionally broken down by a column, reusing cached results.
final class Evaluator {
    let workspace: Workspace
    let cache: EvaluationCache
    let breakdown: Breakdown?
    /// Names computed (not taken from the cache) by this evaluator, in order.
    private(set) var computed: [String] = []
    var masks: [String: [Bool]] = [:]

    /// The scenario evaluated under, if not the base case.
    let scenario: Scenario?
    /// Set for `simulate`: uncertain assumptions are drawn instead of taking their mean.
    let sampling: Sampling?
    /// Names whose value differs from the base case here (overridden, drawn, or fed by
    /// those); their results stay with this evaluator instead of the shared cache.
    private let local: Set<String>
    private var localResults: [String: Quantity] = [:]
    /// Names whose override is being evaluated: inside it, the name means its base value.
    private var overriding: Set<String> = []
    /// The names a statement is about to compute (`show a, b`): their aggregates on an
    /// attached table are asked for in one query.
    var prefetchRoots: [String] = []
    /// The outermost name being computed: what a query for an attached table batches for
    /// when the statement named nothing.
    private(set) var currentRoot: String?
    private var depth = 0

    init(workspace: Workspace, cache: EvaluationCache, breakdown: Breakdown? = nil, scenario: Scenario? = nil,
         sampling: Sampling? = nil) {
        self.workspace = workspace
        self.cache = cache
        self.breakdown = breakdown
        self.scenario = scenario
        self.sampling = sampling
        var roots = scenario?.overrides.map(\.name.value) ?? []
        if sampling != nil {
            roots += workspace.definitions.values.filter { definition in
                var uncertain = false
                definition.expression.visit { if case .call(let name, _, _) = $0.kind, Functions.distributions.contains(name) { uncertain = true } }
                return uncertain
            }.map(\.name)
        }
        // Results read from attached tables are fetched afresh by every statement: the
        // data lives in the database and may have changed.
        roots += workspace.remoteReaders
        local = Set(roots + roots.flatMap { workspace.dependents(of: $0) })
    }

    var grain: Grain { workspace.grain }
    private var context: String { grain.rawValue + (breakdown.map { "|" + $0.dimension } ?? "") }

    /// An evaluator of the same kind without the scenario: for the base value of an override.
    private func base(grouped: Bool) -> Evaluator {
        Evaluator(workspace: workspace, cache: cache, breakdown: grouped ? breakdown : nil, scenario: nil, sampling: sampling)
    }

    /// The value of a metric or assumption; `range` is where the name was written.
    func value(of name: String, at range: SourceRange) throws(KPIError) -> Quantity {
        if depth == 0 { currentRoot = name }
        depth += 1
        defer { depth -= 1 }
        guard let definition = workspace.definitions[name] else {
            if workspace.table(named: name) != nil {
                throw .invalidExpression("'\(name)' is a table, not a value", at: range, help: "count its rows with count(\(name))")
            }
            throw .unknownName(name, at: range, suggestion: Suggestion.closest(to: name, in: workspace.definitionNames))
        }
        if overriding.contains(name) {
            let base = self.base(grouped: true)
            defer { computed += base.computed }
            return try base.value(of: name, at: range)
        }
        // Assumptions are inputs of the whole model: never broken down.
        if definition.kind == .assumption, breakdown != nil {
            let plain = Evaluator(workspace: workspace, cache: cache, scenario: scenario, sampling: sampling)
            defer { computed += plain.computed }
            return try plain.value(of: name, at: range)
        }
        let isLocal = local.contains(name)
        if isLocal, let value = localResults[name] { return value }
        if !isLocal, let cached = cache.result(name, context: context) { return cached }
        let value: Quantity
        let override = scenario?.override(of: name)
        if let sampling, definition.kind == .assumption,
           case .call(let function, let arguments, let last) = (override?.expression ?? definition.expression).kind,
           Functions.distributions.contains(function) {
            // Drawn under the assumption's name: the same draws in every trial of a solve,
            // and the ones a correlation made.
            let (kind, p) = try distribution(function, arguments, last: last, at: definition.expression.range)
            value = .samples(Draws(periods: 1, runs: sampling.runs, values: sampling.draws(for: name, kind, p)))
        } else if let override {
            overriding.insert(name)
            defer { overriding.remove(name) }
            if case .path(let path) = override.expression.kind {
                let base = try self.base(grouped: true).value(of: name, at: range)
                value = try self.path(path, averaging: definition.unit == .percent, over: base, at: override.expression.range)
            } else {
                value = try evaluate(override.expression)
            }
        } else if case .path(let path) = definition.expression.kind {
            value = try self.path(path, averaging: definition.unit == .percent, over: nil, at: definition.expression.range)
        } else {
            value = try evaluate(definition.expression, filter: definition.filter)
        }
        if isLocal { localResults[name] = value } else { cache.store(value, for: name, context: context) }
        computed.append(name)
        return value
    }

    /// Evaluates a dependency for the statement at hand: its errors are reported at the reference.
    private func dependency(_ name: String, at range: SourceRange) throws(KPIError) -> Quantity {
        do {
            return try value(of: name, at: range)
        } catch {
            if case .unknownName(let missing, _, _) = error, missing == name { throw error }
            // A database's own problem (a lost connection, a rejected query) is clearer unwrapped.
            if case .database = error { throw error }
            if case .cancelled = error { throw error }
            if case .invalidExpression(let text, _, _) = error, text.hasPrefix("'\(name)' cannot be computed") { throw error }
            throw .invalidExpression("'\(name)' cannot be computed: \(error.message)", at: range, help: "explain \(name)")
        }
    }

    func evaluate(_ expression: Expression, filter: Expression? = nil) throws(KPIError) -> Quantity {
        switch expression.kind {
        case .number(let value, _): return .scalar(value)
        case .boolean(let flag): return .scalar(flag ? 1 : 0)
        case .string, .period:
            throw .invalidExpression("text and periods can only be compared with columns, in a where condition",
                                     at: expression.range, help: nil)
        case .name(let name): return try dependency(name, at: expression.range)
        case .column(let table, let column):
            throw .invalidExpression("\(table).\(column) is a column: aggregate it per period", at: expression.range,
                                     help: "for example: sum(\(table).\(column)) or avg(\(table).\(column))")
        case .unary(let op, let operand):
            let value = try evaluate(operand, filter: filter)
            return map(value) { op == "-" ? -$0 : ($0.isNaN ? .nan : ($0 == 0 ? 1 : 0)) }
        case .binary(let op, let lhs, let rhs):
            let a = try evaluate(lhs, filter: filter), b = try evaluate(rhs, filter: filter)
            return try combine(a, b, at: expression.range, op: op)
        case .membership:
            throw .invalidExpression("'in' works on columns, in a where condition", at: expression.range, help: nil)
        case .call(let name, let arguments, let last):
            return try call(name, arguments, last: last, filter: filter, at: expression.range)
        case .path(let path):
            return try self.path(path, averaging: false, over: nil, at: expression.range)
        case .window(let inner, let from, let to):
            return try window(try evaluate(inner, filter: filter), from: from, to: to, at: expression.range)
        }
    }

    static func binaryOperation(_ op: String) -> (Double, Double) -> Double {
        switch op {
        case "+", "-", "*", "/", "^": return Arithmetic.operation(op)
        case "and": return { $0.isNaN || $1.isNaN ? .nan : ($0 != 0 && $1 != 0 ? 1 : 0) }
        case "or": return { $0.isNaN || $1.isNaN ? .nan : ($0 != 0 || $1 != 0 ? 1 : 0) }
        default: return { $0.isNaN || $1.isNaN ? .nan : (Arithmetic.compare(op, $0, $1) ? 1 : 0) }
        }
    }

    // MARK: Series arithmetic

    private func map(_ value: Quantity, _ transform: (Double) -> Double) -> Quantity {
        switch value {
        case .scalar(let x): return .scalar(Quantity.clean(transform(x)))
        case .series(var series):
            series.values = series.values.map { $0.isNaN ? .nan : Quantity.clean(transform($0)) }
            return .series(series)
        case .samples(let factored):
            var draws = factored.spread
            draws.values = draws.values.map { $0.isNaN ? .nan : Quantity.clean(transform($0)) }
            return .samples(draws)
        }
    }

    /// A value as an operand of draw arithmetic: a series meeting draws is read at the
    /// simulated periods.
    func lane(_ value: Quantity) -> DrawLane {
        switch value {
        case .scalar(let x): return DrawLane(values: [x], periods: 1, runs: 1)
        case .samples(let draws):
            let spread = draws.spread
            return DrawLane(values: spread.values, periods: spread.periods, runs: spread.runs)
        case .series(let series):
            let window = sampling?.window ?? 0..<1
            return DrawLane(values: window.map { series.value(ordinal: $0) }, periods: window.count, runs: 1)
        }
    }

    /// Period by period; scalars broadcast; series are aligned on the union of their periods.
    func combine(_ a: Quantity, _ b: Quantity, at range: SourceRange, op: String) throws(KPIError) -> Quantity {
        if let sampling, a.isDrawn || b.isDrawn {
            if sampling.window.count > 1,
               let product = DrawArithmetic.factored(op, a, b, window: sampling.window, runs: sampling.runs) { return .samples(product) }
            return .samples(DrawArithmetic.apply(op, lane(a), lane(b), runs: sampling.runs))
        }
        return try combine(a, b, at: range, Self.binaryOperation(op))
    }

    /// Period by period; scalars broadcast; series are aligned on the union of their periods.
    func combine(_ a: Quantity, _ b: Quantity, at range: SourceRange,
                         _ operation: (Double, Double) -> Double) throws(KPIError) -> Quantity {
        switch (a, b) {
        case (.samples, _), (_, .samples):
            return .samples(DrawArithmetic.combine(lane(a), lane(b), runs: sampling?.runs ?? 1, operation))
        case (.scalar(let x), .scalar(let y)): return .scalar(x.isNaN || y.isNaN ? .nan : operation(x, y))
        case (.series(var s), .scalar(let y)):
            s.values = s.values.map { $0.isNaN || y.isNaN ? .nan : operation($0, y) }
            return .series(s)
        case (.scalar(let x), .series(var s)):
            s.values = s.values.map { x.isNaN || $0.isNaN ? .nan : operation(x, $0) }
            return .series(s)
        case (.series(let s), .series(let t)):
            let start = min(s.start, t.start), end = max(s.end, t.end), groups = max(s.groups, t.groups)
            let left = s.aligned(start: start, count: end - start, groups: groups)
            let right = t.aligned(start: start, count: end - start, groups: groups)
            let values = zip(left, right).map { $0.isNaN || $1.isNaN ? .nan : operation($0, $1) }
            return .series(Series(grain: grain, start: start, count: end - start, groups: groups, values: values))
        }
    }

    // MARK: Functions

    private func call(_ name: String, _ arguments: [Expression], last: Int?, filter: Expression?,
                      at range: SourceRange) throws(KPIError) -> Quantity {
        func argument(_ index: Int) throws(KPIError) -> Quantity {
            guard index < arguments.count else {
                throw .invalidExpression("\(name)() needs \(index + 1) argument\(index == 0 ? "" : "s")", at: range,
                                         help: Self.usage[name].map { "usage: \($0)" })
            }
            return try evaluate(arguments[index], filter: filter)
        }
        func whole(_ index: Int, default value: Int) throws(KPIError) -> Int {
            guard index < arguments.count else { return value }
            guard case .scalar(let x) = try evaluate(arguments[index]), x == x.rounded(), x >= 0, x < 10_000 else {
                throw .invalidExpression("\(name)()'s argument \(index + 1) must be a whole number", at: arguments[index].range,
                                         help: Self.usage[name].map { "usage: \($0)" })
            }
            return Int(x)
        }
        let readsColumns = arguments.contains { !$0.columns.isEmpty }
        if Functions.distributions.contains(name) {
            let (kind, p) = try distribution(name, arguments, last: last, at: range)
            if let sampling {
                return .samples(Draws(periods: 1, runs: sampling.runs, values: sampling.draws(for: "\(range)", kind, p)))
            }
            return .scalar(Distribution.mean(kind, p))
        }
        switch name {
        case _ where Functions.aggregates.contains(name) && (readsColumns || name == "count" || !["min", "max"].contains(name)):
            return try aggregate(name, arguments, filter: filter, at: range)
        case "min" where arguments.count >= 2, "max" where arguments.count >= 2:
            var result = try argument(0)
            for index in 1..<arguments.count {
                result = try combine(result, try argument(index), at: range) { name == "min" ? Swift.min($0, $1) : Swift.max($0, $1) }
            }
            return result
        case "min", "max", "latest", "mean", "total":
            return try reduce(name, try argument(0), last: last)
        case "prev":
            return shift(try argument(0), by: try whole(1, default: 1))
        case "growth":
            let value = try argument(0)
            return try combine(value, shift(value, by: 1), at: range) { $1 == 0 || $0.isNaN || $1.isNaN ? .nan : $0 / $1 - 1 }
        case "cumulative":
            return window(try argument(0)) { values, index in
                let upTo = values[...index].filter { !$0.isNaN }
                return upTo.isEmpty ? .nan : upTo.reduce(0, +)
            }
        case "rolling":
            let size = try whole(1, default: 3)
            guard size > 0 else { throw .invalidExpression("rolling() needs a window of 1 or more periods", at: range, help: nil) }
            return window(try argument(0)) { values, index in
                guard index + 1 >= size else { return .nan }
                let inWindow = values[(index + 1 - size)...index].filter { !$0.isNaN }
                return inWindow.isEmpty ? .nan : inWindow.reduce(0, +) / Double(inWindow.count)
            }
        case "round":
            let digits = try whole(1, default: 0)
            let scale = Glibc.pow(10.0, Double(digits))
            return map(try argument(0)) { ($0 * scale).rounded() / scale }
        case "abs":
            return map(try argument(0)) { Swift.abs($0) }
        case "if":
            guard arguments.count == 3 else {
                throw .invalidExpression("if() takes a condition and two values", at: range, help: "usage: if(cond, a, b)")
            }
            return choose(try argument(0), try argument(1), try argument(2))
        default:
            throw .unknownFunction(name, at: range, suggestion: nil)
        }
    }

    static let usage: [String: String] = [
        "sum": "sum(table.column)", "count": "count(table) or count(table.column)", "avg": "avg(table.column)",
        "median": "median(table.column)", "percentile": "percentile(table.column, 90)",
        "count_distinct": "count_distinct(table.column)", "prev": "prev(x) or prev(x, n)", "growth": "growth(x)",
        "cumulative": "cumulative(x)", "rolling": "rolling(x, n)", "latest": "latest(x)", "mean": "mean(x, last 3)",
        "total": "total(x, last 12)", "round": "round(x) or round(x, 2)", "abs": "abs(x)", "if": "if(cond, a, b)",
        "min": "min(a, b) or min(table.column)", "max": "max(a, b) or max(table.column)",
    ]

    /// `if`: period by period, `then` where the condition is non-zero, else `otherwise`.
    func choose(_ condition: Quantity, _ then: Quantity, _ otherwise: Quantity) -> Quantity {
        if let runs = sampling?.runs, condition.isDrawn || then.isDrawn || otherwise.isDrawn {
            return .samples(DrawArithmetic.choose(lane(condition), lane(then), lane(otherwise), runs: runs))
        }
        let series = [condition, then, otherwise].compactMap { if case .series(let s) = $0 { s } else { nil } }
        func values(_ quantity: Quantity, _ start: Int, _ count: Int, _ groups: Int) -> [Double] {
            switch quantity {
            case .scalar(let x): return [Double](repeating: x, count: count * groups)
            case .series(let s): return s.aligned(start: start, count: count, groups: groups)
            case .samples: return [Double](repeating: .nan, count: count * groups)
            }
        }
        guard let first = series.first else {
            guard case .scalar(let c) = condition, case .scalar(let a) = then, case .scalar(let b) = otherwise else { return then }
            return .scalar(c.isNaN ? .nan : (c != 0 ? a : b))
        }
        let start = series.map(\.start).min() ?? first.start, end = series.map(\.end).max() ?? first.end
        let groups = series.map(\.groups).max() ?? 1
        let c = values(condition, start, end - start, groups), a = values(then, start, end - start, groups)
        let b = values(otherwise, start, end - start, groups)
        let result = c.indices.map { c[$0].isNaN ? Double.nan : (c[$0] != 0 ? a[$0] : b[$0]) }
        return .series(Series(grain: grain, start: start, count: end - start, groups: groups, values: result))
    }

    /// The value `n` periods earlier.
    private func shift(_ value: Quantity, by n: Int) -> Quantity {
        window(value) { values, index in index >= n ? values[index - n] : .nan }
    }

    /// Applies `compute(values, index)` to each group's values, period by period.
    private func window(_ value: Quantity, _ compute: (ArraySlice<Double>, Int) -> Double) -> Quantity {
        guard case .series(var series) = value else { return value }
        var result = series.values
        for group in 0..<series.groups {
            let slice = series.values[(group * series.count)..<((group + 1) * series.count)]
            let values = ArraySlice(Array(slice))
            for index in 0..<series.count { result[group * series.count + index] = Quantity.clean(compute(values, index)) }
        }
        series.values = result
        return .series(series)
    }

    /// latest, mean, total, min, max of a series (over its `last` periods); a scalar
    /// is its own reduction. A broken-down series reduces per group.
    func reduce(_ name: String, _ value: Quantity, last: Int?) throws(KPIError) -> Quantity {
        if case .samples(let draws) = value {
            return .samples(DrawArithmetic.reduce(name, draws, over: max(0, draws.periods - (last ?? draws.periods))..<draws.periods))
        }
        guard case .series(let series) = value else { return value }
        let lastWithData = series.lastOrdinalWithData.map { $0 - series.start + 1 } ?? 0
        let from = Swift.max(0, lastWithData - (last ?? lastWithData))
        var reduced: [Double] = []
        for group in 0..<series.groups {
            let values = series.values[(group * series.count + from)..<(group * series.count + lastWithData)].filter { !$0.isNaN }
            switch name {
            case "latest": reduced.append(values.last ?? .nan)
            case "mean": reduced.append(values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count))
            case "total": reduced.append(values.isEmpty ? .nan : values.reduce(0, +))
            case "min": reduced.append(values.min() ?? .nan)
            default: reduced.append(values.max() ?? .nan)
            }
        }
        guard series.groups > 1 else { return .scalar(reduced[0]) }
        var spread = series
        spread.values = (0..<series.groups).flatMap { [Double](repeating: reduced[$0], count: series.count) }
        return .series(spread)
    }
}
