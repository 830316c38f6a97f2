/// The unit of an expression's values, inferred from what it reads: money carried
/// from currency columns, percentages from `%` columns and `growth`.
struct UnitInference {
    let workspace: Workspace

    /// The unit of a new definition without `as percent|number`.
    func unit(ofDefinition definition: Definition) -> MetricUnit {
        if definition.isPercent || readsPercentages(definition.expression) || Self.isPercentLiteral(definition.expression) {
            return .percent
        }
        return currency(of: definition.expression).map { .money($0) } ?? .number
    }

    /// The unit of an expression in `show` (a name has its definition's).
    func unit(of expression: Expression) -> MetricUnit {
        if case .name(let name) = expression.kind { return workspace.definitions[name]?.unit ?? .number }
        if case .call("growth", _, _) = expression.kind { return .percent }
        return currency(of: expression).map { .money($0) } ?? .number
    }

    /// A number written as a percentage (`25%`, `-5%`), or a distribution of them
    /// (`between(20%, 30%)`): its value reads as a percentage too.
    static func isPercentLiteral(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .number(_, let percent): return percent
        case .path(let path): return path.values.allSatisfy(isPercentLiteral)
        case .unary("-", let operand): return isPercentLiteral(operand)
        case .call(let function, let arguments, _) where Functions.distributions.contains(function):
            return !arguments.isEmpty && arguments.allSatisfy(isPercentLiteral)
        default: return false
        }
    }

    /// An average, minimum, maximum, median or percentile of a column written as
    /// percentages (`"3.4%"`) is itself a percentage, unless declared otherwise.
    func readsPercentages(_ expression: Expression) -> Bool {
        guard case .call(let function, let arguments, _) = expression.kind,
              ["avg", "min", "max", "median", "percentile"].contains(function),
              case .column(let table, let column)? = arguments.first?.kind else { return false }
        return workspace.table(named: table)?.column(named: column)?.isPercent ?? false
    }

    /// The currency an expression's values are in: aggregates of a column written
    /// with a currency sign, carried through sums, scaling and series functions
    /// (money ÷ count stays money, money ÷ money does not).
    func currency(of expression: Expression) -> String? {
        switch expression.kind {
        case .name(let name):
            if case .money(let sign)? = workspace.definitions[name]?.unit { return sign }
            return nil
        case .call(let function, let arguments, _):
            guard let first = arguments.first else { return nil }
            if ["sum", "avg", "min", "max", "median", "percentile"].contains(function), case .column(let table, let column) = first.kind {
                return workspace.table(named: table)?.column(named: column)?.currency
            }
            if ["count", "count_distinct", "growth"].contains(function) { return nil }
            if function == "if" { return arguments.count > 1 ? currency(of: arguments[1]) : nil }
            return currency(of: first)
        case .unary("-", let operand): return currency(of: operand)
        case .binary(let op, let lhs, let rhs):
            let (a, b) = (currency(of: lhs), currency(of: rhs))
            switch op {
            case "+", "-": return a == b || b == nil ? a : (a == nil ? b : nil)
            case "*": return a == nil ? b : (b == nil ? a : nil)
            case "/": return b == nil ? a : nil
            default: return nil
            }
        default: return nil
        }
    }
}
