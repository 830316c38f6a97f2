import KPICore

/// Draws statement outputs and diagnostics as text for a terminal or a pipe.
public struct OutputRenderer: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    /// The text to print for `output`, or nil when there is nothing to print.
    public func render(_ output: Output) -> String? {
        switch output {
        case .message(let text): return text
        case .loaded(let summary, let replaced): return loaded(summary, replaced: replaced)
        case .tables(let tables): return self.tables(tables)
        case .remoteTables(let list): return DatabaseRenderer(style: style).tables(list)
        case .attached(let summary, let replaced): return DatabaseRenderer(style: style).attached(summary, replaced: replaced)
        case .sql(let name, let queries): return DatabaseRenderer(style: style).sql(name: name, queries: queries)
        case .description(let summary, let columns): return describe(summary, columns)
        case .rows(let rows): return self.rows(rows)
        case .history(let entries): return history(entries)
        case .help(let text): return text
        case .timing(_, let seconds, let computed):
            let work = computed > 0 ? " \(style.dot) \(computed) definition\(computed == 1 ? "" : "s") computed" : ""
            return style.paint("(" + Self.duration(seconds) + work + ")", .dim)
        case .defined(let summary): return MetricRenderer(style: style).defined(summary)
        case .view(let view): return MetricRenderer(style: style).view(view)
        case .chart(let view): return Chart(style: style).render(view)
        case .forecast(let view): return ForecastRenderer(style: style).render(view)
        case .forecastExplanation(let view): return ForecastRenderer(style: style).explanation(view)
        case .summary(let rows, let warning): return MetricRenderer(style: style).summary(rows, warning: warning)
        case .definitions(let rows): return MetricRenderer(style: style).definitions(rows)
        case .explanation(let explanation): return MetricRenderer(style: style).explanation(explanation)
        case .goals(let view): return GoalRenderer(style: style).goals(view)
        case .scorecard(let card): return GoalRenderer(style: style).scorecard(card)
        case .catalog(let view): return GoalRenderer(style: style).catalog(view)
        case .comparison(let view): return WhatIfRenderer(style: style).comparison(view)
        case .solved(let result): return WhatIfRenderer(style: style).solved(result)
        case .sensitivity(let view): return WhatIfRenderer(style: style).sensitivity(view)
        case .simulation(let view): return WhatIfRenderer(style: style).simulation(view)
        case .quit, .none: return nil
        case .failure(let diagnostic): return render(diagnostic)
        }
    }

    /// An error like a compiler's, coloured on a terminal.
    public func render(_ diagnostic: Diagnostic) -> String {
        diagnostic.rendered { text, part in
            switch part {
            case .severity: return style.paint(text, .boldRed)
            case .message: return style.paint(text, .bold)
            case .gutter: return style.paint(text, .blue)
            case .caret: return style.paint(text, .red)
            case .help: return style.paint(text, .cyan)
            }
        }
    }

    /// `0.8 ms`, `12.3 ms`, `1.25 s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 0.001 { return NumberFormat.format(seconds * 1000, decimals: 2) + " ms" }
        if seconds < 1 { return NumberFormat.format(seconds * 1000, decimals: 1) + " ms" }
        return NumberFormat.format(seconds, decimals: 2) + " s"
    }

    private func shape(_ summary: TableSummary) -> String {
        "\(NumberFormat.count(summary.rows)) row\(summary.rows == 1 ? "" : "s") \(style.times) "
            + "\(summary.columns) column\(summary.columns == 1 ? "" : "s")"
    }

    private func loaded(_ summary: TableSummary, replaced: Bool) -> String {
        let time = summary.timeColumn.map { "time column \($0)" } ?? "no date column"
        return "\(replaced ? "replaced" : "loaded") \(style.paint(summary.name, .bold)): \(shape(summary)) "
            + "from \(summary.path) (\(summary.format), \(time))" + notes(summary).map { "\n" + $0 }.joined()
    }

    private func tables(_ tables: [TableSummary]) -> String {
        guard !tables.isEmpty else { return "no tables yet; try: load \"samples/marketing.csv\"" }
        var table = TextTable(headers: ["table", "rows", "columns", "time", "format", "file"],
                              alignments: [.left, .right, .right, .left, .left, .left])
        table.rows = tables.map {
            [$0.name, ($0.connection == nil ? "" : "~") + NumberFormat.count($0.rows), String($0.columns), $0.timeColumn ?? style.nullMark,
             $0.format + ($0.connection == nil ? "" : " (attached)"), $0.path]
        }
        return table.render(style)
    }

    private func describe(_ summary: TableSummary, _ columns: [ColumnStatistics]) -> String {
        let title = style.paint(summary.name, .bold) + " \(style.dot) \(shape(summary)) \(style.dot) \(summary.path)"
            + (summary.timeColumn.map { " \(style.dot) time: \($0)" } ?? "")
        let showHeaders = columns.contains { $0.header != $0.name }
        var headers = ["column"] + (showHeaders ? ["header"] : []) + ["type", "nulls", "min", "max", "distinct", "examples"]
        var alignments: [TextTable.Alignment] = [.left] + (showHeaders ? [.left] : []) + [.left, .right, .right, .right, .right, .left]
        if columns.isEmpty { (headers, alignments) = (["column"], [.left]) }
        var table = TextTable(headers: headers, alignments: alignments)
        for column in columns {
            var format = ValueText(style: style, isPercent: column.isPercent, currency: column.currency)
            format.alignDecimals(for: [column.min, column.max] + column.examples)
            var type = column.type.rawValue
            if column.isPercent { type += " %" } else if let currency = column.currency { type += " " + currency }
            if column.holdsIdentifiers { type = "text id" }
            let examples = column.examples.map { format.text($0, width: 24) }.joined(separator: ", ")
            table.rows.append([column.name] + (showHeaders ? [column.header] : [])
                + [type, NumberFormat.count(column.nulls), format.text(column.min, width: 24), format.text(column.max, width: 24),
                   NumberFormat.count(column.distinct), examples])
        }
        var notes = self.notes(summary)
        let ids = columns.filter(\.holdsIdentifiers).map(\.name)
        if !ids.isEmpty {
            notes.append(style.paint("note: " + ids.joined(separator: ", ") + (ids.count == 1 ? " holds" : " hold")
                                     + " identifiers written as digits (leading zeros, or past 2^53): kept as text, exactly",
                                     .yellow))
        }
        return title + notes.map { "\n" + $0 }.joined() + "\n" + table.render(style)
    }

    /// What a person must know about a table's time column: rows without a time, and
    /// how times with UTC offsets are placed.
    private func notes(_ summary: TableSummary) -> [String] {
        var notes = untimed(summary).map { [$0] } ?? []
        let zones = summary.timeZones
        if zones.offsets > 0, let column = summary.timeColumn {
            let placed = "placed by their UTC day, which can differ from the date as written"
            notes.append(style.paint(zones.unzoned == 0
                ? "note: \(column) carries UTC offsets: rows are \(placed)"
                : "warning: \(column) mixes \(Self.times(zones.offsets)) with a UTC offset and \(Self.times(zones.unzoned)) "
                    + "without: those with one are \(placed); the others count as written",
                .yellow))
        }
        return notes
    }

    private static func times(_ count: Int) -> String { count == 1 ? "1 time" : NumberFormat.count(count) + " times" }

    /// A warning when rows have no usable time: they would drop out of every metric unseen.
    private func untimed(_ summary: TableSummary) -> String? {
        guard summary.untimedRows > 0, let column = summary.timeColumn else { return nil }
        let rows = summary.untimedRows == 1 ? "1 row has" : "\(NumberFormat.count(summary.untimedRows)) rows have"
        return style.paint("note: \(rows) no usable \(column) and \(summary.untimedRows == 1 ? "is" : "are") in no period: "
                           + "per-period metrics, count(\(summary.name)) included, leave \(summary.untimedRows == 1 ? "it" : "them") out",
                           .yellow)
    }

    private func rows(_ rows: RowSet) -> String {
        guard !rows.columns.isEmpty else { return "\(rows.table) has no columns" }
        let formats = rows.formats.indices.map { column in
            var format = ValueText(style: style, isPercent: rows.formats[column].isPercent, currency: rows.formats[column].currency)
            format.alignDecimals(for: rows.rows.map { $0[column] })
            return format
        }
        var table = TextTable(headers: rows.columns,
                              alignments: rows.formats.map { $0.type == .number ? .right : .left })
        table.rows = rows.rows.map { row in row.enumerated().map { formats[$0.offset].text($0.element, width: 40) } }
        var text = table.render(style)
        let more = rows.totalRows - rows.rows.count
        if more > 0 {
            text += "\n" + style.paint("\(style.ellipsis) \(NumberFormat.count(more)) more row\(more == 1 ? "" : "s")", .dim)
        }
        return text
    }

    private func history(_ entries: [String]) -> String {
        guard !entries.isEmpty else { return "no statements yet" }
        let width = String(entries.count).count
        return entries.enumerated().map { index, text in
            let number = String(index + 1)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let indent = String(repeating: " ", count: width + 2)
            return String(repeating: " ", count: width - number.count) + style.paint(number, .dim) + "  "
                + lines.map(String.init).joined(separator: "\n" + indent)
        }.joined(separator: "\n")
    }
}

/// One value as text, honouring how its column was written (`12%`, `$1,200.50`).
struct ValueText {
    var style: TerminalStyle
    var isPercent = false
    var currency: String?
    /// Plain numbers print with this many decimals, so a column's points line up.
    var decimals: Int?

    /// Uses the decimals the most precise of `values` needs for every plain number.
    mutating func alignDecimals(for values: [Value]) {
        guard !isPercent, currency == nil else { return }
        decimals = values.reduce(0) { needed, value in
            if case .number(let number) = value { return max(needed, NumberFormat.decimalsNeeded(number)) }
            return needed
        }
    }

    func text(_ value: Value, width: Int = 40) -> String {
        switch value {
        case .null: return style.nullMark
        case .number(let number):
            if isPercent { return NumberFormat.percent(number, decimals: 2) }
            if let currency { return NumberFormat.money(number, sign: currency) }
            if let decimals { return NumberFormat.format(number, decimals: decimals, fixed: true) }
            return NumberFormat.format(number)
        case .date(let day): return CivilDate.format(day)
        case .datetime(let seconds): return CivilDate.formatDateTime(seconds)
        case .bool(let flag): return flag ? "true" : "false"
        case .text(let text):
            let flat = text.replacingNewlines()
            return flat.count > width ? String(flat.prefix(width - 1)) + style.ellipsis : flat
        }
    }
}

extension String {
    /// Line breaks shown as `⏎` so a value never breaks a table row.
    func replacingNewlines() -> String {
        guard contains(where: \.isNewline) else { return self }
        return String(map { $0.isNewline ? "⏎" : $0 })
    }
}
