/// How a metric's values read.
public enum MetricUnit: Sendable, Equatable {
    case number
    /// A fraction shown as a percentage: 0.042 → 4.2%.
    case percent
    /// Money in a currency, with its sign: `$1,200.50`.
    case money(String)
}

/// A named metric or assumption, as the user defined it.
public struct Definition: Sendable {
    public enum Kind: String, Sendable {
        case metric
        /// `let`: an input of the model, a number or a reduction of data.
        case assumption
    }

    public var name: String
    public var kind: Kind
    public var expression: Expression
    /// A metric's `where`: filters every aggregate of its expression.
    public var filter: Expression?
    public var style: ValueStyle?
    /// How its values read; set when it is defined (money needs the tables it reads).
    public var unit: MetricUnit = .number
    /// The statement as typed, for `explain`.
    public var text: String
    /// Metrics and assumptions it reads.
    public var dependencies: [String]
    /// `table.column` pairs it reads directly (in its expression and its filter).
    public var columns: [ColumnReference]

    init(name: String, kind: Kind, expression: Expression, filter: Expression?, style: ValueStyle?, text: String,
         tables: Set<String>) {
        self.name = name
        self.kind = kind
        self.expression = expression
        self.filter = filter
        self.style = style
        self.text = text
        let all = [expression] + (filter.map { [$0] } ?? [])
        // `count(t)` reads a table through a name: that is not a dependency.
        dependencies = all.flatMap(\.names).filter { !tables.contains($0) }.uniqued()
        columns = all.flatMap(\.columns).map { ColumnReference(table: $0.table, column: $0.column) }.uniqued()
    }

    /// Whether values read as percentages: declared `as percent`, or a rate by its name or formula.
    var isPercent: Bool {
        if let style { return style == .percent }
        let rateWords = ["rate", "ratio", "share", "pct", "percent", "growth", "ctr", "cvr", "roi", "margin_pct", "churn", "bounce"]
        if rateWords.contains(where: { name == $0 || name.hasSuffix("_" + $0) || name.hasPrefix($0 + "_") }) { return true }
        if case .call("growth", _, _) = expression.kind { return true }
        return false
    }
}

extension Array where Element: Equatable {
    func uniqued() -> [Element] {
        var result: [Element] = []
        for element in self where !result.contains(element) { result.append(element) }
        return result
    }
}
