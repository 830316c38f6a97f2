import KPICore

/// `export`: a session as a Markdown or HTML report — statements, narration, result
/// tables, and charts as SVG (inline in HTML, beside the file for Markdown).
public struct ReportWriter {
    public init() {}

    private let plain = OutputRenderer(style: .plain)

    /// Writes the report and says what was written.
    public func write(_ entries: [Session.Entry], to path: String) throws -> String {
        let html = path.lowercased().hasSuffix(".html") || path.lowercased().hasSuffix(".htm")
        let base = String(path.split(separator: "/").last ?? "report")
        let stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var charts: [(name: String, svg: String)] = []
        var body: [String] = []
        for entry in entries {
            if entry.kind == .comment {
                let narration = String(entry.text.drop { $0 == "#" }).trimmingSpaces()
                if narration.hasPrefix("kpi session") { continue }
                body.append(html ? "<p>\(escape(narration))</p>" : narration + "\n")
                continue
            }
            body.append(html ? "<pre class=\"statement\">\(escape(entry.text))</pre>" : "```kpi\n\(entry.text)\n```\n")
            for result in entry.results {
                if let svg = SVGChart.render(result) {
                    let name = "\(stem)_files/chart-\(charts.count + 1).svg"
                    charts.append((name, svg))
                    body.append(html ? "<figure>\(svg)</figure>" : "![chart \(charts.count)](\(name))\n")
                } else if case .view(let view) = result {
                    body.append(html ? htmlTable(view) : MetricRenderer(style: .plain).view(markdown(view)) + "\n")
                } else if let text = plain.render(result), !text.isEmpty {
                    body.append(html ? "<pre class=\"output\">\(escape(text))</pre>" : "```\n\(text)\n```\n")
                }
            }
        }
        let count = entries.filter { $0.kind != .comment }.count
        if html {
            try ScriptFile.write(page(title: stem, body: body), to: path)
            return "exported \(count) statements to \(path) (\(charts.count) chart\(charts.count == 1 ? "" : "s") inline)"
        }
        if !charts.isEmpty {
            StatePaths.makeDirectories(folder + "/" + stem + "_files")
            for chart in charts { try ScriptFile.write(chart.svg, to: folder + "/" + chart.name) }
        }
        try ScriptFile.write("# \(stem)\n\n" + body.joined(separator: "\n"), to: path)
        return "exported \(count) statements to \(path)"
            + (charts.isEmpty ? "" : " and \(charts.count) chart\(charts.count == 1 ? "" : "s") to \(folder)/\(stem)_files/")
    }

    private func markdown(_ view: MetricView) -> MetricView {
        var copy = view
        copy.format = .markdown
        return copy
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The view as an HTML table, from its typed cells: labels left-aligned, numbers
    /// right-aligned (the stylesheet's default).
    private func htmlTable(_ view: MetricView) -> String {
        let table = MetricRenderer(style: .plain).cells(view, null: "")
        func row(_ cells: [String], _ tag: String) -> String {
            "<tr>" + cells.enumerated().map { index, cell in
                (table.alignments[index] == .left ? "<\(tag) class=\"label\">" : "<\(tag)>") + escape(cell) + "</\(tag)>"
            }.joined() + "</tr>"
        }
        return "<table><thead>" + row(table.headers, "th") + "</thead><tbody>" + table.rows.map { row($0, "td") }.joined()
            + "</tbody></table>"
    }

    private func page(title: String, body: [String]) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328;
               max-width: 980px; margin: 2.5rem auto; padding: 0 1.2rem; }
        h1 { font-size: 1.6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .4rem; }
        p { color: #3d4650; margin: 1.4rem 0 .4rem; }
        pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .6rem .8rem;
              border-radius: 6px; overflow-x: auto; margin: .3rem 0; }
        pre.statement { background: #eef4ff; border-left: 3px solid #3b6fd8; }
        pre.output { background: #f6f8fa; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; font-size: 14px; }
        th, td { padding: .25rem .8rem; border-bottom: 1px solid #e1e4e8; text-align: right; }
        th { background: #f6f8fa; }
        th:first-child, td:first-child, .label { text-align: left; }
        figure { margin: .5rem 0 1.2rem; }
        </style>
        </head>
        <body>
        <h1>\(escape(title))</h1>
        \(body.joined(separator: "\n"))
        <footer><p style="font-size:12px">Exported by kpi \(KPIVersion.current).</p></footer>
        </body>
        </html>

        """
    }
}

/// Charts as SVG: a line for a series, bars for a breakdown, a histogram, a tornado.
enum SVGChart {
    static func render(_ output: Output) -> String? {
        switch output {
        case .chart(let view):
            guard let column = view.columns.first else { return nil }
            let format = MetricFormat(unit: column.unit, values: column.values.flatMap { $0 })
            if view.groupColumn == nil, view.periods.count >= 2 {
                return line(title: "\(column.label) per \(view.grain.noun)", values: column.values[0], periods: view.periods,
                            forecast: view.forecast, format: format)
            }
            let index = (0..<max(1, view.periods.count)).last { i in column.values.contains { $0[i].isFinite } } ?? 0
            return bars(title: column.label + (view.periods.isEmpty ? "" : " in \(view.periods[index])"),
                        labels: view.groups.map { $0.isEmpty ? column.label : $0 },
                        values: column.values.map { $0[index] }, format: format)
        case .simulation(let view):
            let format = MetricFormat(unit: view.unit, values: view.percentiles)
            return bars(title: "\(view.metric): \(view.runs) runs", labels: view.histogram.map { format.text($0.low, null: "") },
                        values: view.histogram.map { Double($0.count) }, format: MetricFormat(unit: .number, values: [1]))
        case .sensitivity(let view):
            let format = MetricFormat(unit: view.unit, values: view.rows.map(\.swing))
            return bars(title: "\(view.metric): swing as each input moves ±\(NumberFormat.percent(view.step))",
                        labels: view.rows.map(\.input), values: view.rows.map(\.swing), format: format)
        default:
            return nil
        }
    }

    private static func header(_ width: Int, _ height: Int, _ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">"
            + "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"#1f2328\">\(escapeXML(title))</text>"
    }

    /// A line over `periods`; with a forecast, the periods run on to its last, and it is
    /// drawn dashed from the last value with its interval as a shaded band.
    static func line(title: String, values: [Double], periods: [Period], forecast: Forecast?, format: MetricFormat) -> String {
        let (width, height, left, top, bottom, right) = (720, 280, 80, 32, 36, 16)
        var values = values, periods = periods
        var future: [(index: Int, point: Forecast.Point)] = []
        if let forecast, let last = periods.last, last.ordinal >= forecast.lastPeriod.ordinal {
            let shown = periods.firstIndex { $0.ordinal > forecast.lastPeriod.ordinal } ?? periods.count
            (values, periods) = (Array(values[..<shown]), Array(periods[..<shown]))
            future = forecast.points.enumerated().map { (shown + $0.offset, $0.element) }
            values += forecast.points.map { _ in .nan }
            periods += forecast.points.map(\.period)
        }
        let first = periods.first?.description ?? "", last = periods.last?.description ?? ""
        let present = values.filter(\.isFinite) + future.flatMap { [$0.point.low, $0.point.high] }.filter(\.isFinite)
        guard var low = present.min(), var high = present.max() else { return header(width, 60, title) + "</svg>" }
        if low == high { (low, high) = (low - 1, high + 1) }
        let plotWidth = Double(width - left - right), plotHeight = Double(height - top - bottom)
        func x(_ i: Int) -> Double { Double(left) + (values.count == 1 ? 0 : Double(i) / Double(values.count - 1) * plotWidth) }
        func y(_ v: Double) -> Double { Double(top) + (1 - (v - low) / (high - low)) * plotHeight }
        var svg = header(width, height, title)
        for fraction in [0.0, 0.5, 1.0] {
            let value = low + (high - low) * fraction, position = y(value)
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(fixed(position))\" y2=\"\(fixed(position))\" stroke=\"#e1e4e8\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(fixed(position + 4))\" text-anchor=\"end\" fill=\"#57606a\">\(escapeXML(format.text(value, null: "")))</text>"
        }
        var segments: [[String]] = [[]]
        for (i, value) in values.enumerated() {
            if value.isFinite { segments[segments.count - 1].append("\(fixed(x(i))),\(fixed(y(value)))") } else { segments.append([]) }
        }
        if let start = future.first.map({ $0.index - 1 }), start >= 0, values[start].isFinite {
            let band = future.map { "\(fixed(x($0.index))),\(fixed(y($0.point.high)))" }
                + future.reversed().map { "\(fixed(x($0.index))),\(fixed(y($0.point.low)))" }
            svg += "<polygon fill=\"#f0a33a\" fill-opacity=\"0.2\" stroke=\"none\" points=\"\(band.joined(separator: " "))\"/>"
            let line = ["\(fixed(x(start))),\(fixed(y(values[start])))"] + future.map { "\(fixed(x($0.index))),\(fixed(y($0.point.forecast)))" }
            svg += "<polyline fill=\"none\" stroke=\"#d9822b\" stroke-width=\"2\" stroke-dasharray=\"6 4\" "
                + "points=\"\(line.joined(separator: " "))\"/>"
        }
        for points in segments where !points.isEmpty {
            svg += "<polyline fill=\"none\" stroke=\"#3b6fd8\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        }
        svg += "<text x=\"\(left)\" y=\"\(height - 12)\" fill=\"#57606a\">\(escapeXML(first))</text>"
        svg += "<text x=\"\(width - right)\" y=\"\(height - 12)\" text-anchor=\"end\" fill=\"#57606a\">\(escapeXML(last))</text>"
        return svg + "</svg>"
    }

    static func bars(title: String, labels: [String], values: [Double], format: MetricFormat) -> String {
        let rowHeight = 24, labelWidth = 140, width = 720
        let height = 40 + rowHeight * labels.count
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        var svg = header(width, height, title)
        for (index, label) in labels.enumerated() {
            let y = 32 + index * rowHeight
            let length = largest == 0 || !values[index].isFinite ? 0 : abs(values[index]) / largest * Double(width - labelWidth - 110)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\" fill=\"#1f2328\">\(escapeXML(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(fixed(length))\" height=\"\(rowHeight - 8)\" fill=\"#3b6fd8\" rx=\"2\"/>"
            svg += "<text x=\"\(fixed(Double(labelWidth) + length + 6))\" y=\"\(y + 16)\" fill=\"#57606a\">"
                + "\(escapeXML(format.text(values[index], null: "—")))</text>"
        }
        return svg + "</svg>"
    }

    private static func fixed(_ value: Double) -> String { NumberFormat.format(value, decimals: 1).replacing(",", with: "") }

    private static func escapeXML(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}
