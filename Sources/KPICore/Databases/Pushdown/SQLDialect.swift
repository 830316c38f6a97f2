/// How kpi writes SQL for one engine: quoting, literals, and the expressions that put a
/// row in a period, so that a pushed-down aggregate groups rows exactly as memory does.
struct SQLDialect: Sendable {
    let kind: DatabaseKind

    /// A quoted identifier: `"New Customers"`.
    func identifier(_ name: String) -> String { "\"" + name.replacing("\"", with: "\"\"") + "\"" }

    /// A quoted string literal: `'O''Brien'`.
    func string(_ text: String) -> String { "'" + text.replacing("'", with: "''") + "'" }

    /// The table or view, schema-qualified when it has a schema.
    func relation(_ relation: RemoteRelation) -> String {
        (relation.schema.map { identifier($0) + "." } ?? "") + identifier(relation.name)
    }

    /// A double literal that the engine reads back as exactly this double.
    func number(_ value: Double) -> String {
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : String(value)
        switch kind {
        case .postgres: return "CAST(\(text) AS float8)"
        case .sqlite: return value < 0 ? "(\(text))" : text
        }
    }

    /// A column read as a double.
    func double(_ column: RemoteColumn) -> String {
        let name = identifier(column.name)
        switch kind {
        case .postgres: return column.declared == "money" ? "\(name)::numeric::float8" : "\(name)::float8"
        case .sqlite: return "CAST(\(name) AS REAL)"
        }
    }

    /// A value the engine sums as kpi does (`DecimalSum`): the exact sum of the values as
    /// decimals. A numeric or integer column holds its decimals already; a double goes
    /// through its shortest round-trip text (float8's text in PostgreSQL 12 and later),
    /// since a direct float8 → numeric keeps only 15 digits. SQLite's kpi_sum is DecimalSum.
    func exactSummand(_ value: SQLValue.Number) -> String {
        switch kind {
        case .postgres:
            if let column = value.storedDecimal { return identifier(column.name) + (column.declared == "money" ? "::numeric" : "") }
            return "(\(value.sql))::text::numeric"
        case .sqlite: return value.sql
        }
    }

    func sum(_ summand: String) -> String { kind == .postgres ? "sum(\(summand))" : "kpi_sum(\(summand))" }

    /// Linear interpolation between closest ranks, as kpi computes percentiles.
    func quantile(_ value: String, _ q: Double) -> String {
        switch kind {
        case .postgres: return "percentile_cont(\(String(q))) WITHIN GROUP (ORDER BY \(value))"
        case .sqlite: return "kpi_quantile(\(value), \(number(q)))"
        }
    }

    func power(_ base: String, _ exponent: String) -> String? {
        kind == .postgres ? "power(\(base), \(exponent))" : nil
    }

    /// The UTC calendar day of a date or datetime column, as a date value the engine compares.
    func day(_ column: RemoteColumn) -> String {
        let name = identifier(column.name)
        switch kind {
        case .postgres: return column.kind == .date ? name : "(\(name))::date"
        case .sqlite:
            // SQLite holds dates as ISO text, and a datetime as ISO text or unix seconds.
            if column.kind == .date { return "date(\(name))" }
            return "(CASE WHEN typeof(\(name)) IN ('integer', 'real') THEN date(\(name), 'unixepoch') ELSE date(\(name)) END)"
        }
    }

    /// A day number as a literal the engine compares with `day(_:)`.
    func dayLiteral(_ day: Int) -> String {
        let text = string(CivilDate.format(day))
        return kind == .postgres ? "DATE \(text)" : text
    }

    /// A datetime column as seconds since the epoch (UTC).
    func seconds(_ column: RemoteColumn) -> String {
        let name = identifier(column.name)
        switch kind {
        case .postgres: return "extract(epoch FROM \(name))::float8"
        case .sqlite:
            return "(CASE WHEN typeof(\(name)) IN ('integer', 'real') THEN CAST(\(name) AS REAL) "
                + "ELSE (julianday(\(name)) - 2440587.5) * 86400.0 END)"
        }
    }

    /// The day number (days since 1970-01-01) of the first day of the period of `grain`
    /// that the column's value falls in; null for a null value.
    func periodStart(_ column: RemoteColumn, grain: Grain) -> String {
        let day = self.day(column)
        switch kind {
        case .postgres:
            let start = grain == .day ? day : "date_trunc('\(grain.rawValue)', \(day))::date"
            return "(\(start) - DATE '1970-01-01')"
        case .sqlite:
            let start: String
            switch grain {
            case .day: start = day
            case .week: start = "date(\(day), '-' || ((CAST(strftime('%w', \(day)) AS INTEGER) + 6) % 7) || ' days')"
            case .month: start = "date(\(day), 'start of month')"
            case .quarter:
                start = "date(\(day), 'start of month', '-' || ((CAST(strftime('%m', \(day)) AS INTEGER) - 1) % 3) || ' months')"
            case .year: start = "date(\(day), 'start of year')"
            }
            return "CAST(julianday(\(start)) - 2440587.5 AS INTEGER)"
        }
    }

    /// A text column for comparisons, ordered by code point as kpi orders text.
    func orderedText(_ column: RemoteColumn) -> String {
        kind == .postgres ? identifier(column.name) + " COLLATE \"C\"" : identifier(column.name)
    }

    /// A bool column as a condition.
    func condition(_ column: RemoteColumn) -> String {
        kind == .postgres ? identifier(column.name) : "(\(identifier(column.name)) <> 0)"
    }

    /// A group label for `by`: text as it is, bools as `true` / `false`.
    func label(_ column: RemoteColumn) -> String {
        let name = identifier(column.name)
        guard column.kind == .bool else { return name }
        return kind == .postgres ? "\(name)::text" : "(CASE WHEN \(name) THEN 'true' WHEN NOT \(name) THEN 'false' END)"
    }
}
