import KPICore

/// Draws goals with their SMART checks, the scorecard and the catalog.
struct GoalRenderer {
    let style: TerminalStyle

    func goals(_ view: GoalsView) -> String {
        var blocks: [String] = []
        if let heading = view.heading { blocks.append(style.paint(heading, .yellow)) }
        blocks += view.reports.map(report)
        if !view.notes.isEmpty { blocks.append(view.notes.map { style.paint("note: " + $0, .yellow) }.joined(separator: "\n")) }
        return blocks.joined(separator: "\n")
    }

    private func mark(_ mark: GoalReport.Mark) -> String {
        let tone: TerminalStyle.Tone = switch mark {
        case .pass: .green
        case .warning: .yellow
        case .fail: .red
        }
        return style.paint(GoalWording.glyph(mark, unicode: style.unicode), tone)
    }

    private func report(_ report: GoalReport) -> String {
        let goal = report.goal
        var title = style.paint(goal.name, .bold) + ": "
        if let draft = goal.statement.draft {
            title += "\"\(draft)\" (draft)"
        } else {
            let format = MetricFormat(unit: report.unit, values: [report.target ?? .nan])
            title += "\(goal.measure ?? "") \(goal.statement.comparison ?? "") \(targetText(goal, report, format))"
                + " by \(goal.statement.deadline?.value.description ?? "")"
            if let objective = goal.objective { title += " \(style.dot) for \(objective)" }
            if goal.weight != 1 { title += " \(style.dot) weight \(NumberFormat.format(goal.weight))" }
        }
        if let description = goal.statement.description { title += "\n  " + style.dim(description) }
        var lines = [title]
        for letter in report.letters {
            lines.append("  \(mark(letter.mark)) \(letter.letter)  \(GoalWording.text(letter.reason, unit: report.unit))")
        }
        if let status = status(report) { lines.append("  " + status) }
        return lines.joined(separator: "\n")
    }

    private func targetText(_ goal: Goal, _ report: GoalReport, _ format: MetricFormat) -> String {
        switch goal.statement.target {
        case .relativePercent(let change)?:
            return MetricRenderer.signed(NumberFormat.percent(change)) + (report.target.map { " (\(format.text($0, null: "")))" } ?? "")
        case .relativeAmount(let change)?:
            return MetricRenderer.signed(NumberFormat.format(change)) + (report.target.map { " (\(format.text($0, null: "")))" } ?? "")
        default:
            return report.target.map { format.text($0, null: "") } ?? ""
        }
    }

    private func verdictText(_ verdict: GoalReport.Verdict) -> String {
        switch verdict {
        case .met, .onTrack: return style.paint(verdict.rawValue, .green)
        case .atRisk: return style.paint(verdict.rawValue, .yellow)
        case .offTrack, .missed, .noData: return style.paint(verdict.rawValue, .red)
        case .draft: return verdict.rawValue
        }
    }

    private func status(_ report: GoalReport) -> String? {
        guard report.verdict != .draft else { return nil }
        guard let period = report.latestPeriod, let target = report.target, let deadline = report.deadline else {
            guard let target = report.target, report.latest.isFinite else { return "status: " + verdictText(report.verdict) }
            // A constant (a driver model with no data): its one value against the target.
            let format = MetricFormat(unit: report.unit, values: [report.latest, target])
            return ["status: " + verdictText(report.verdict), "value \(format.text(report.latest, null: style.nullMark))",
                    "attainment " + (report.attainment.isFinite ? NumberFormat.percent(report.attainment) : style.nullMark)]
                .joined(separator: " \(style.dot) ")
        }
        let format = MetricFormat(unit: report.unit, values: [report.latest, target])
        var parts = ["status: " + verdictText(report.verdict), "latest \(format.text(report.latest, null: style.nullMark)) (\(period))",
                     "attainment " + (report.attainment.isFinite ? NumberFormat.percent(report.attainment) : style.nullMark)]
        if let outlook = report.outlook {
            parts.append("forecast at \(deadline): \(format.text(outlook.forecast, null: style.nullMark)) (\(outlook.model))")
            parts.append("P(met) " + GoalWording.probability(outlook.probability))
        } else if deadline.ordinal > period.ordinal {
            parts.append("forecast at \(deadline): \(format.text(report.trendForecast, null: style.nullMark)) (linear trend)")
        }
        return parts.joined(separator: " \(style.dot) ")
    }

    // MARK: Scorecard

    func scorecard(_ card: Scorecard) -> String {
        let headers = ["goal", "metric", "target", "by", "plan", "actual", "attainment", "forecast", "P(met)", "weight", "status"]
        let rows = card.reports.map { report -> [String] in
            let format = MetricFormat(unit: report.unit, values: [report.latest, report.target ?? .nan, report.planned])
            return [report.goal.name, report.goal.measure ?? "", (report.goal.statement.comparison ?? "") + " "
                    + format.text(report.target ?? .nan, null: style.nullMark), report.deadline?.description ?? "",
                    format.text(report.planned, null: style.nullMark), format.text(report.latest, null: style.nullMark),
                    report.attainment.isFinite ? NumberFormat.percent(report.attainment) : style.nullMark,
                    format.text(report.outlook?.forecast ?? .nan, null: style.nullMark),
                    report.outlook.map { GoalWording.probability($0.probability) } ?? style.nullMark,
                    NumberFormat.format(report.goal.weight), report.verdict.rawValue]
        }
        let scoreText = card.score.isFinite ? NumberFormat.percent(card.score) : style.nullMark
        switch card.format {
        case .csv:
            var lines = ["goal,metric,comparison,target,deadline,plan,actual,attainment,forecast,p_met,weight,status"]
            for report in card.reports {
                lines.append([report.goal.name, report.goal.measure ?? "", report.goal.statement.comparison ?? "",
                              MetricFormat.exact(report.target ?? .nan), report.deadline?.description ?? "",
                              MetricFormat.exact(report.planned), MetricFormat.exact(report.latest),
                              MetricFormat.exact(report.attainment), MetricFormat.exact(report.outlook?.forecast ?? .nan),
                              MetricFormat.exact(report.outlook?.probability ?? .nan), MetricFormat.exact(report.goal.weight),
                              report.verdict.rawValue].joined(separator: ","))
            }
            return lines.joined(separator: "\n")
        case .json:
            let objects = card.reports.map { report in
                let fields: [(String, String)] = [
                    ("goal", JSON.string(report.goal.name)), ("metric", JSON.string(report.goal.measure ?? "")),
                    ("comparison", JSON.string(report.goal.statement.comparison ?? "")), ("target", number(report.target ?? .nan)),
                    ("deadline", JSON.string(report.deadline?.description ?? "")), ("plan", number(report.planned)),
                    ("actual", number(report.latest)), ("attainment", number(report.attainment)),
                    ("forecast", number(report.outlook?.forecast ?? .nan)), ("p_met", number(report.outlook?.probability ?? .nan)),
                    ("weight", number(report.goal.weight)), ("status", JSON.string(report.verdict.rawValue)),
                ]
                return "    {" + fields.map { JSON.string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
            }
            return "{\n  \"score\": \(number(card.score)),\n  \"goals\": [\n" + objects.joined(separator: ",\n") + "\n  ]\n}"
        case .markdown:
            var lines = ["| " + headers.joined(separator: " | ") + " |", "|" + headers.map { _ in "---|" }.joined()]
            lines += rows.map { "| " + $0.joined(separator: " | ") + " |" }
            return lines.joined(separator: "\n") + "\n\nWeighted score: \(scoreText) (attainment capped at 150% per goal)"
        case .table:
            var table = TextTable(headers: headers,
                                  alignments: [.left, .left, .right, .left, .right, .right, .right, .right, .right, .right, .left])
            table.rows = rows
            let title = card.objective.map { "scorecard for \($0)\n" } ?? ""
            return title + table.render(style) + "\n" + style.paint("weighted score: \(scoreText)", .bold)
                + style.dim(" (weights × attainment, attainment capped at 150% per goal)")
        }
    }

    private func number(_ value: Double) -> String { value.isFinite ? MetricFormat.exact(value) : "null" }

    // MARK: Catalog

    func catalog(_ view: CatalogView) -> String {
        if view.entries.count == 1, let entry = view.entries.first {
            var lines = [style.paint(entry.name, .bold) + " \(style.dot) \(entry.title)", "  \(entry.meaning)", "  formula: \(entry.formula)",
                         "  needs: " + entry.needs.map(\.role).joined(separator: ", ")]
            if let statement = view.statement {
                lines.append("  for the loaded tables:\n    " + statement)
            } else {
                lines.append("  missing in the loaded tables: " + view.missing.joined(separator: "; "))
            }
            return lines.joined(separator: "\n")
        }
        var table = TextTable(headers: ["name", "KPI", "formula"], alignments: [.left, .left, .left])
        table.rows = view.entries.map { [$0.name, $0.title, $0.formula] }
        return table.render(style) + "\n" + style.dim("catalog NAME writes the metric for the loaded tables")
    }
}
