import KPICore

/// Draws `forecast`: which model, how it did on the season held out, and each period's
/// forecast with its interval (csv and json: the rows alone, `period,forecast,low,high`).
struct ForecastRenderer {
    let style: TerminalStyle

    static let headers = ["period", "forecast", "low", "high"]

    func render(_ view: ForecastView) -> String {
        let forecast = view.forecast
        switch view.format {
        case .csv:
            return ([Self.headers.joined(separator: ",")] + forecast.points.map { point in
                ([point.period.description] + [point.forecast, point.low, point.high].map(MetricFormat.exact)).joined(separator: ",")
            }).joined(separator: "\n")
        case .json:
            return "[\n" + forecast.points.map { point in
                let values = [point.forecast, point.low, point.high].map { $0.isFinite ? MetricFormat.exact($0) : "null" }
                return "  {" + zip(Self.headers, [JSON.string(point.period.description)] + values)
                    .map { JSON.string($0) + ": " + $1 }.joined(separator: ", ") + "}"
            }.joined(separator: ",\n") + "\n]"
        case .table:
            let table = cells(view, null: style.nullMark).render(TerminalStyle(color: style.color, unicode: style.unicode, width: nil))
            return style.paint(title(view), .bold) + "\n" + table
        case .markdown:
            return title(view) + "\n\n" + cells(view, null: "").markdown()
        }
    }

    /// `explain forecast`: the model and why, its parameters, what it was fitted to, and
    /// its error on the season held out.
    func explanation(_ view: ForecastView) -> String {
        let forecast = view.forecast
        var lines = [style.paint("forecast of \(view.metric)", .bold) + " \(style.dot) \(forecast.model)"]
        func line(_ label: String, _ text: String) { lines.append("  " + label.padding(10) + " " + text) }
        line("chosen", forecast.choice + (forecast.method == .auto ? "" : " (method \(forecast.method.rawValue))"))
        let grain = forecast.lastPeriod.grain
        let first = Period(grain: grain, ordinal: forecast.lastPeriod.ordinal - forecast.history.count + 1)
        line("fitted to", "\(forecast.history.count) \(grain.noun)s, \(first) to \(forecast.lastPeriod)"
             + (forecast.seasonLength > 1 ? " (a season is \(forecast.seasonLength) \(grain.noun)s)" : ""))
        if !forecast.parameters.isEmpty {
            line("parameters", forecast.parameters.map { "\($0.name) \(Self.parameter($0.value))" }.joined(separator: ", "))
        }
        line("interval", "\(NumberFormat.percent(forecast.level, decimals: 0)) prediction interval")
        if let note = notes(forecast).first { line("holdout", note) } else { line("holdout", "too little history to hold a season out") }
        return lines.joined(separator: "\n")
    }

    /// `new_customers · ETS(M,Ad,M), lowest AICc of 15 exponential-smoothing forms · 80% interval`
    func title(_ view: ForecastView) -> String {
        let forecast = view.forecast
        return "\(view.metric) \(style.dot) \(forecast.model), \(forecast.choice) \(style.dot) "
            + "\(NumberFormat.percent(forecast.level, decimals: 0)) interval"
    }

    /// Three decimals, or two significant digits below 0.001: a smoothing parameter at its
    /// lower bound (1e-4, the level hardly moving) is not 0.
    static func parameter(_ value: Double) -> String {
        guard value != 0, Swift.abs(value) < 0.001 else { return NumberFormat.format(value, decimals: 3) }
        var decimals = 3
        while Swift.abs(value) * DetMath.exp(Double(decimals) * 2.302585092994046) < 10, decimals < 12 { decimals += 1 }
        return NumberFormat.format(value, decimals: decimals)
    }

    /// How the model did on the last season, refitted without it.
    func notes(_ forecast: Forecast) -> [String] {
        guard let holdout = forecast.holdout, holdout.scaledError.isFinite else { return [] }
        let periods = "\(holdout.periods) \(forecast.lastPeriod.grain.noun)\(holdout.periods == 1 ? "" : "s")"
        var note = "refitted without the last \(periods): MASE \(NumberFormat.format(holdout.scaledError, decimals: 2))"
        if let percentage = holdout.percentageError { note += ", MAPE \(NumberFormat.percent(percentage))" }
        return [note + " (below 1 beats repeating " + (holdout.seasonal ? "the season before)" : "the last value)")]
    }

    func cells(_ view: ForecastView, null: String) -> TextTable {
        let points = view.forecast.points
        let format = MetricFormat(unit: view.unit, values: points.flatMap { [$0.forecast, $0.low, $0.high] })
        var table = TextTable(headers: Self.headers, alignments: [.left, .right, .right, .right])
        table.rows = points.map { point in
            [point.period.description] + [point.forecast, point.low, point.high].map { format.text($0, null: null) }
        }
        return table
    }
}
