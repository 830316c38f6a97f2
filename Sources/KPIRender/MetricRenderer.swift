import KPICore

/// Draws metric outputs: definitions, `show` in every format, `summary`, `explain`.
struct MetricRenderer {
    let style: TerminalStyle

    func defined(_ summary: DefinitionSummary) -> String {
        let keyword = summary.kind == .metric ? "metric" : "let"
        var text: String
        switch summary.value {
        case .samples: text = "\(keyword) \(summary.name)"
        case .scalar(let x):
            let format = MetricFormat(unit: summary.unit, values: [x])
            text = "\(keyword) \(style.paint(summary.name, .bold)) = \(format.text(x, null: style.nullMark))"
            if summary.kind == .metric { text += " (a constant)" }
            if let fit = summary.fit { text = "\(keyword) \(style.paint(summary.name, .bold)) = " + fitted(fit, unit: summary.unit) }
        case .series(let series):
            let periods = "\(series.count) \(series.grain.noun)\(series.count == 1 ? "" : "s")"
            text = "\(keyword) \(style.paint(summary.name, .bold)): \(periods)"
            let known = (series.start..<series.end).filter { !series.value(ordinal: $0).isNaN }
            if summary.kind == .assumption, series.groups == 1, let first = known.first, let last = known.last {
                // A path: where it starts and where it ends.
                let format = MetricFormat(unit: summary.unit, values: [series.value(ordinal: first), series.value(ordinal: last)])
                text += ", \(Period(grain: series.grain, ordinal: first)) = \(format.text(series.value(ordinal: first), null: style.nullMark))"
                    + " … \(Period(grain: series.grain, ordinal: last)) = \(format.text(series.value(ordinal: last), null: style.nullMark))"
            } else if let last = series.lastOrdinalWithData {
                let values = (0..<series.groups).map { series.value(group: $0, ordinal: last) }
                let format = MetricFormat(unit: summary.unit, values: values)
                text += ", latest \(Period(grain: series.grain, ordinal: last)) = \(format.text(values[0], null: style.nullMark))"
            } else {
                text += ", no values yet"
            }
        }
        if summary.dependentsUpdated > 0 {
            text += " \(style.dot) \(summary.dependentsUpdated) dependent\(summary.dependentsUpdated == 1 ? "" : "s") updated"
        }
        return text
    }

    /// `lognormal(0.0173, 0.0412), fitted to 12 months (2025-11 … 2026-10): mean 1.02, 90% range 0.95–1.09`
    func fitted(_ fit: DistributionFit, unit: MetricUnit) -> String {
        let range = fit.range90
        let format = MetricFormat(unit: unit, values: [fit.mean, range.low, range.high])
        return "\(fit.written), fitted to \(fit.count) \(fit.from.grain.noun)s (\(fit.from) … \(fit.to)): "
            + "mean \(format.text(fit.mean, null: style.nullMark)), 90% range \(format.text(range.low, null: style.nullMark))"
            + "–\(format.text(range.high, null: style.nullMark))"
    }

    // MARK: show

    func view(_ view: MetricView) -> String {
        switch view.format {
        case .table: return table(view) + (unsplitNote(view).map { "\n" + style.paint($0, .yellow) } ?? "")
        case .csv: return csv(view)
        case .json: return json(view)
        case .markdown: return markdown(view) + (unsplitNote(view).map { "\n\n" + $0 } ?? "")
        }
    }

    /// Said under a breakdown whose metrics read a table without the dimension: its
    /// figures are that table's totals, repeated in every group (csv and json stay data only).
    func unsplitNote(_ view: MetricView) -> String? {
        guard !view.unsplitTables.isEmpty, let dimension = view.dimension, let column = view.groupColumn else { return nil }
        let one = view.unsplitTables.count == 1
        var note = "note: \(view.unsplitTables.joined(separator: ", ")) \(one ? "is" : "are") not split by \(dimension): "
            + "\(one ? "its" : "their") figures are totals, the same in every group"
        if dimension != column { note += " (by \(column) splits every table with a \(column) column)" }
        return note
    }

    /// Rows of (period, group), each with the columns' values.
    private func rows(_ view: MetricView) -> [(period: String, group: String, values: [Double])] {
        if view.periods.isEmpty {
            return view.groups.indices.map { group in ("", view.groups[group], view.columns.map { $0.values[group][0] }) }
        }
        var rows: [(String, String, [Double])] = []
        for (index, period) in view.periods.enumerated() {
            for group in view.groups.indices {
                rows.append((period.description, view.groups[group], view.columns.map { $0.values[group][index] }))
            }
        }
        return rows
    }

    private func leadingHeaders(_ view: MetricView) -> [String] {
        (view.periods.isEmpty ? [] : ["period"]) + (view.groupColumn.map { [$0] } ?? [])
    }

    private func leading(_ view: MetricView, _ row: (period: String, group: String, values: [Double])) -> [String] {
        (view.periods.isEmpty ? [] : [row.period]) + (view.groupColumn == nil ? [] : [row.group])
    }

    private func formats(_ view: MetricView) -> [MetricFormat] {
        view.columns.map { MetricFormat(unit: $0.unit, values: $0.values.flatMap { $0 }) }
    }

    /// The view as typed cells (labels left, numbers right): what the text table,
    /// Markdown and the HTML report draw.
    func cells(_ view: MetricView, null: String) -> TextTable {
        let headers = leadingHeaders(view)
        var table = TextTable(headers: headers + view.columns.map(\.label),
                              alignments: headers.map { _ in .left } + view.columns.map { _ in .right })
        let formats = self.formats(view)
        table.rows = rows(view).map { row in
            leading(view, row) + row.values.enumerated().map { formats[$0.offset].text($0.element, null: null) }
        }
        return table
    }

    private func table(_ view: MetricView) -> String {
        cells(view, null: style.nullMark).render(TerminalStyle(color: style.color, unicode: style.unicode, width: nil))
    }

    private func csv(_ view: MetricView) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
        }
        var lines = [(leadingHeaders(view) + view.columns.map(\.label)).map(field).joined(separator: ",")]
        for row in rows(view) {
            lines.append((leading(view, row).map(field) + row.values.map(MetricFormat.exact)).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    private func json(_ view: MetricView) -> String {
        let keys = leadingHeaders(view) + view.columns.map(\.label)
        let objects = rows(view).map { row in
            let texts = leading(view, row).map { JSON.string($0) }
                + row.values.map { $0.isFinite ? MetricFormat.exact($0) : "null" }
            return "{" + zip(keys, texts).map { JSON.string($0) + ": " + $1 }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
    }

    private func markdown(_ view: MetricView) -> String { cells(view, null: "").markdown() }

    // MARK: summary and explain

    /// `metrics`: name (key KPIs starred), kind, latest period and value, definition.
    func definitions(_ rows: [DefinitionListing]) -> String {
        guard !rows.isEmpty else { return "no metrics yet: metric spend = sum(marketing.spend)" }
        var table = TextTable(headers: ["name", "kind", "period", "value", "definition"],
                              alignments: [.left, .left, .left, .right, .left])
        table.rows = rows.map { row in
            let definition = row.definition
            var period = "", number = Double.nan
            switch row.value {
            case .scalar(let x)?: number = x
            case .samples(let draws)?: number = draws.values.reduce(0, +) / Double(max(draws.values.count, 1))
            case .series(let series)?:
                if let last = series.lastOrdinalWithData {
                    period = Period(grain: series.grain, ordinal: last).description
                    number = series.value(ordinal: last)
                }
            case nil: break
            }
            let value = MetricFormat(unit: definition.unit, values: [number]).text(number, null: style.nullMark)
            return [(row.isKey ? "* " : "  ") + definition.name, definition.kind == .metric ? "metric" : "let", period, value,
                    definition.text]
        }
        return table.render(style)
    }

    func summary(_ rows: [KPISummary], warning: String?) -> String {
        var table = TextTable(headers: ["key KPI", "period", "latest", "change", "last 12"],
                              alignments: [.left, .left, .right, .right, .left])
        for row in rows {
            let format = MetricFormat(unit: row.unit, values: [row.latest, row.previous])
            var change = style.nullMark
            if row.latest.isFinite, row.previous.isFinite {
                change = row.unit == .percent ? Self.signed(NumberFormat.format((row.latest - row.previous) * 100, decimals: 1)) + " pt"
                    : row.previous != 0 ? Self.signed(NumberFormat.percent(row.latest / row.previous - 1)) : style.nullMark
            }
            table.rows.append([row.name, row.latestPeriod?.description ?? style.nullMark, format.text(row.latest, null: style.nullMark),
                               change, Chart(style: style).sparkline(row.recent)])
        }
        return table.render(style) + (warning.map { "\n" + style.paint($0, .yellow) } ?? "")
    }

    static func signed(_ text: String) -> String { text.hasPrefix("-") ? text : "+" + text }

    func explanation(_ explanation: Explanation) -> String {
        let definition = explanation.definition
        var lines = [style.paint(definition.name, .bold) + " \(style.dot) " + (definition.kind == .metric ? "metric" : "assumption")
                     + (explanation.isKey ? " \(style.dot) key KPI" : "")]
        lines.append("  " + definition.text.replacing("\n", with: "\n  "))
        func line(_ label: String, _ values: [String]) {
            lines.append("  " + label.padding(10) + " " + (values.isEmpty ? style.nullMark : values.joined(separator: ", ")))
        }
        line("reads", explanation.reads)
        line("depends on", explanation.dependsOn)
        line("used by", explanation.usedBy)
        switch explanation.value {
        case .scalar(let x)?: line("value", [MetricFormat(unit: definition.unit, values: [x]).text(x, null: style.nullMark)])
        case .series(let series)?:
            if let period = explanation.latestPeriod {
                let x = series.value(ordinal: period.ordinal)
                line("latest", ["\(period) = " + MetricFormat(unit: definition.unit, values: [x]).text(x, null: style.nullMark)])
            }
            line("periods", ["\(series.count) \(series.grain.noun)s from \(Period(grain: series.grain, ordinal: series.start))"])
        case .samples?, nil: line("value", ["cannot be computed now"])
        }
        if let fit = explanation.fit {
            line("fitted", [fitted(fit, unit: definition.unit)])
            let normal = NumberFormat.format(fit.normalLogLikelihood, decimals: 2)
            let lognormal = fit.lognormalLogLikelihood.map { NumberFormat.format($0, decimals: 2) }
            line("why", [lognormal.map { "log-likelihood \(fit.kind == "lognormal" ? $0 : normal) against \(fit.kind == "lognormal" ? normal : $0) "
                                           + "for a \(fit.kind == "lognormal" ? "normal" : "lognormal")" }
                         ?? "a normal: the values are not all positive, so a lognormal cannot fit them"])
        }
        for window in explanation.rollingWindows {
            let noun = explanation.latestPeriod?.grain.noun ?? "period"
            line("rolling", ["the mean of the values in the last \(window) \(noun)\(window == 1 ? "" : "s") (nulls are skipped); "
                             + "the first \(max(window - 1, 0)) \(noun)\(window == 2 ? "" : "s") of the data have none"])
        }
        return lines.joined(separator: "\n")
    }
}

/// Minimal JSON text.
enum JSON {
    static func string(_ text: String) -> String { JSONValue.quoted(text) }
}

extension String {
    /// The text padded with spaces to `width` characters (unchanged when longer).
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
