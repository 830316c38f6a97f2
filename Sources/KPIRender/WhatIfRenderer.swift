import KPICore

/// Draws compare, solve, sensitivity (a tornado) and simulate (a histogram).
struct WhatIfRenderer {
    let style: TerminalStyle

    func comparison(_ view: ComparisonView) -> String {
        let formats = view.units.indices.map { MetricFormat(unit: view.units[$0], values: view.values[$0]) }
        switch view.format {
        case .csv, .json:
            var rows: [[String]] = []
            for (m, metric) in view.metrics.enumerated() {
                for (s, scenario) in view.scenarios.enumerated() {
                    let value = view.values[m][s], first = view.values[m][0]
                    rows.append([metric, scenario, MetricFormat.exact(value), MetricFormat.exact(value - first),
                                 first == 0 ? "" : MetricFormat.exact(value / first - 1)])
                }
            }
            let headers = ["metric", "scenario", "value", "change", "change_pct"]
            if view.format == .csv { return ([headers.joined(separator: ",")] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n") }
            return "[\n" + rows.map { row in
                "  {" + zip(headers, row).enumerated().map { index, pair in
                    JSON.string(pair.0) + ": " + (index < 2 ? JSON.string(pair.1) : (pair.1.isEmpty ? "null" : pair.1))
                }.joined(separator: ", ") + "}"
            }.joined(separator: ",\n") + "\n]"
        case .table, .markdown:
            var headers = ["metric"]
            for (index, scenario) in view.scenarios.enumerated() { headers += index == 0 ? [scenario] : [scenario, "change"] }
            var rows: [[String]] = []
            for (m, metric) in view.metrics.enumerated() {
                var row = [metric + (view.periods[m].map { " (\($0))" } ?? "")]
                for (s, value) in view.values[m].enumerated() {
                    row.append(formats[m].text(value, null: style.nullMark))
                    if s > 0 { row.append(change(value, from: view.values[m][0], format: formats[m])) }
                }
                rows.append(row)
            }
            for goal in view.goals {
                var row = ["goal " + goal.name]
                for (s, verdict) in goal.verdicts.enumerated() { row += s == 0 ? [verdict] : [verdict, ""] }
                rows.append(row)
            }
            if view.format == .markdown {
                return (["| " + headers.joined(separator: " | ") + " |", "|---|" + headers.dropFirst().map { _ in "---:|" }.joined()]
                    + rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n")
            }
            var table = TextTable(headers: headers, alignments: [.left] + headers.dropFirst().map { _ in .right })
            table.rows = rows
            return table.render(style)
        }
    }

    private func change(_ value: Double, from base: Double, format: MetricFormat) -> String {
        guard value.isFinite, base.isFinite else { return style.nullMark }
        let absolute = MetricRenderer.signed(format.text(value - base, null: style.nullMark))
        guard base != 0 else { return absolute }
        return absolute + " (" + MetricRenderer.signed(NumberFormat.percent(value / base - 1)) + ")"
    }

    func solved(_ result: SolveResult) -> String {
        let input = MetricFormat(unit: result.inputUnit, values: [result.value, result.baseValue])
        let metric = MetricFormat(unit: result.metricUnit, values: [result.metricValue, result.target])
        var text = "\(style.paint(result.input, .bold)) = \(input.text(result.value, null: style.nullMark))"
            + " (now \(input.text(result.baseValue, null: style.nullMark)))"
        if let scale = result.pathScale {
            text += " in its first period; every period ×\(NumberFormat.format(scale, decimals: 4))"
        }
        text += "\n"
        let at = result.period.map { " in \($0)" } ?? ""
        if let chance = result.probability {
            text += "check: P(\(result.metric)\(at) \(chance.comparison) \(metric.text(result.target, null: style.nullMark))) = "
                + style.paint(NumberFormat.percent(chance.achieved), .bold)
                + " ± \(NumberFormat.percent(chance.standardError, decimals: 2)) (target \(NumberFormat.percent(chance.sought)))\n"
                + style.dim("\(result.evaluations) evaluations, each \(NumberFormat.count(chance.runs)) runs on the same draws "
                            + "(seed \(chance.seed)); ± is the Monte Carlo standard error")
        } else {
            text += "check: \(result.metric)\(at) = \(metric.text(result.metricValue, null: style.nullMark))"
                + " (target \(metric.text(result.target, null: style.nullMark)))\n"
                + style.dim("\(result.evaluations) evaluations, Brent's method, relative tolerance 1e-9")
        }
        if let saved = result.savedAs { text += "\nsaved as scenario \(saved): use \(saved) to work with it" }
        return text
    }

    func sensitivity(_ view: SensitivityView) -> String {
        let format = MetricFormat(unit: view.unit, values: [view.base] + view.rows.flatMap { [$0.low, $0.high] })
        let title = "\(style.paint(view.metric, .bold))\(view.period.map { " in \($0)" } ?? "") = "
            + "\(format.text(view.base, null: style.nullMark)); each input moved ±\(NumberFormat.percent(view.step))"
        guard let widest = view.rows.map(\.swing).max(), widest > 0 else { return title + "\nno input changes it" }
        let lowTexts = view.rows.map { format.text(min($0.low, $0.high), null: style.nullMark) }
        let highTexts = view.rows.map { format.text(max($0.low, $0.high), null: style.nullMark) }
        let nameWidth = view.rows.map(\.input.count).max()!, lowWidth = lowTexts.map(\.count).max()!
        let half = 24
        let extent = view.rows.map { max(abs($0.low - view.base), abs($0.high - view.base)) }.max()!
        var lines = [title]
        for (index, row) in view.rows.enumerated() {
            let below = Int((abs(min(row.low, row.high) - view.base) / extent * Double(half)).rounded())
            let above = Int((abs(max(row.low, row.high) - view.base) / extent * Double(half)).rounded())
            let bar = style.asciiCharts || !style.unicode ? "#" : "█"
            let left = String(repeating: " ", count: half - below) + style.paint(String(repeating: bar, count: below), .red)
            let right = style.paint(String(repeating: bar, count: above), .green) + String(repeating: " ", count: half - above)
            lines.append(row.input.padding(nameWidth) + "  " + String(repeating: " ", count: lowWidth - lowTexts[index].count)
                         + lowTexts[index] + " " + left + (style.unicode ? "│" : "|") + right + " " + highTexts[index])
        }
        lines.append(style.dim("each bar spans the metric from its lowest to its highest as the input moves "
                               + "±\(NumberFormat.percent(view.step)); the largest swing first"))
        return lines.joined(separator: "\n")
    }

    func simulation(_ view: SimulationView) -> String {
        if let draws = view.draws { return table(of: draws) }
        let format = MetricFormat(unit: view.unit, values: view.percentiles + [view.mean])
        var lines = ["\(style.paint(view.metric, .bold))\(view.period.map { " in \($0)" } ?? ""): "
                     + "\(NumberFormat.count(view.runs)) runs, seed \(view.seed)"]
        var table = TextTable(headers: ["mean", "sd", "p5", "p25", "p50", "p75", "p95"], alignments: Array(repeating: .right, count: 7))
        table.rows = [([view.mean, view.sd] + view.percentiles).map { format.text($0, null: style.nullMark) }]
        lines.append(table.render(style))
        let largest = view.histogram.map(\.count).max() ?? 0
        let labels = view.histogram.map { format.text($0.low, null: "") }
        let labelWidth = labels.map(\.count).max() ?? 0
        for (index, bin) in view.histogram.enumerated() where largest > 0 {
            let length = Int((Double(bin.count) / Double(largest) * 40).rounded())
            let bar = String(repeating: style.asciiCharts || !style.unicode ? "#" : "█", count: length)
            lines.append(String(repeating: " ", count: labelWidth - labels[index].count) + labels[index] + " "
                         + style.paint(bar, .cyan) + " " + style.dim(NumberFormat.count(bin.count)))
        }
        for goal in view.goals {
            lines.append("P(\(goal.name) met) = " + style.paint(NumberFormat.percent(goal.probability), .bold))
        }
        if !view.correlations.isEmpty {
            var table = TextTable(headers: ["correlated", "rank target", "achieved"], alignments: [.left, .right, .right])
            table.rows = view.correlations.map { pair in
                ["\(pair.first), \(pair.second)", NumberFormat.format(pair.target, decimals: 2, fixed: true),
                 NumberFormat.format(pair.achieved, decimals: 4, fixed: true)]
            }
            lines.append(table.render(style))
        }
        return lines.joined(separator: "\n")
    }

    /// Every run's draws: `run` and a column per input, then the metric.
    private func table(of draws: DrawTable) -> String {
        let runs = draws.values.first?.count ?? 0
        let headers = ["run"] + draws.columns
        switch draws.format {
        case .csv, .table:
            func field(_ text: String) -> String { text.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text }
            var lines = [headers.map(field).joined(separator: ",")]
            lines.reserveCapacity(runs + 1)
            for run in 0..<runs { lines.append(([String(run + 1)] + draws.values.map { MetricFormat.exact($0[run]) }).joined(separator: ",")) }
            return lines.joined(separator: "\n")
        case .json:
            let objects = (0..<runs).map { run in
                "{" + zip(headers, [String(run + 1)] + draws.values.map { $0[run].isFinite ? MetricFormat.exact($0[run]) : "null" })
                    .map { JSON.string($0) + ": " + $1 }.joined(separator: ", ") + "}"
            }
            return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
        case .markdown:
            var table = TextTable(headers: headers, alignments: headers.map { _ in .right })
            table.rows = (0..<runs).map { run in [String(run + 1)] + draws.values.map { MetricFormat.exact($0[run]) } }
            return table.markdown()
        }
    }
}
