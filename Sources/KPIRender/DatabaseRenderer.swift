import KPICore

/// Draws what the database statements produce: a database's tables, an attached table,
/// the SQL sent for a metric.
struct DatabaseRenderer {
    let style: TerminalStyle

    /// `tables CONNECTION`: each table with its row estimate, and a row per column with the
    /// kpi type it is read as (and the declared type when that says more).
    func tables(_ list: RemoteTableList) -> String {
        let title = style.paint(list.connection, .bold) + " \(style.dot) \(list.kind.rawValue) \(list.target) \(style.dot) "
            + "\(list.relations.count) table\(list.relations.count == 1 ? "" : "s")"
        guard !list.relations.isEmpty else { return title + "\n(no tables kpi may read)" }
        var table = TextTable(headers: ["table", "rows", "column", "type"], alignments: [.left, .right, .left, .left])
        for relation in list.relations {
            let columns = relation.columns.map { column -> (String, String) in
                let type = Self.typeName(column.kind)
                return (column.name, column.declared.hasPrefix(type) || column.declared.isEmpty ? type : "\(type) (\(column.declared))")
            } + relation.unmapped.map { ($0.name, "\($0.type): kpi cannot read it") }
            for (index, column) in columns.enumerated() {
                let first = index == 0
                table.rows.append([first ? relation.qualifiedName : "",
                                   first ? relation.rowEstimate.map { "~" + NumberFormat.count($0) } ?? style.nullMark : "",
                                   column.0, column.1])
            }
        }
        return title + "\n" + table.render(style)
    }

    private static func typeName(_ kind: RemoteKind) -> String {
        switch kind {
        case .number: return "number"
        case .integer: return "integer"
        case .text: return "text"
        case .date: return "date"
        case .datetime(let zoned): return zoned ? "timestamptz" : "timestamp"
        case .bool: return "bool"
        }
    }

    func attached(_ summary: TableSummary, replaced: Bool) -> String {
        let time = summary.timeColumn.map { "time column \($0)" } ?? "no date column"
        return "\(replaced ? "replaced" : "attached") \(style.paint(summary.name, .bold)): ~\(NumberFormat.count(summary.rows)) rows "
            + "\(style.times) \(summary.columns) column\(summary.columns == 1 ? "" : "s") in \(summary.path) (\(summary.format), \(time)); "
            + "metrics on it run in the database"
    }

    /// The queries, one clause a line, each headed by the connection it went to.
    func sql(name: String, queries: [SentQuery]) -> String {
        guard !queries.isEmpty else { return "\(name) reads no attached table: it is computed in memory" }
        return queries.map { query in
            style.paint("-- \(name) on \(query.connection)", .dim) + "\n" + Self.clauses(query.sql) + ";"
        }.joined(separator: "\n")
    }

    /// A line break before FROM and GROUP BY, and one per selected item, outside quotes and parentheses.
    static func clauses(_ sql: String) -> String {
        var result = "", depth = 0, quote: Character?
        let characters = Array(sql)
        var i = 0
        func starts(_ word: String) -> Bool {
            let w = Array(word)
            return i + w.count <= characters.count && Array(characters[i..<(i + w.count)]) == w
        }
        while i < characters.count {
            let c = characters[i]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
            } else if depth == 0, starts(" FROM ") || starts(" GROUP BY ") {
                result += "\n"
                i += 1
                continue
            } else if depth == 0, c == ",", result.contains("SELECT"), !result.contains("\nFROM") {
                result += ",\n      "
                i += 2
                continue
            }
            result.append(c)
            i += 1
        }
        return result
    }
}
