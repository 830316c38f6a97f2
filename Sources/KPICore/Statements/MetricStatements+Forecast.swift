/// `forecast`: a metric's series at the current grain, forecast after its last value;
/// `explain forecast` the same, `scoring` the model on the season held out.
extension MetricStatements {
    mutating func forecast(_ request: ForecastRequest, scoring: Bool = false) throws(KPIError) -> ForecastView {
        let definition = try self.definition(request.metric)
        let evaluator = self.evaluator()
        defer { context.work.add(evaluator) }
        guard case .series(let series) = try evaluator.value(of: definition.name, at: request.metric.range) else {
            throw .invalidExpression("\(definition.name) is one number, not measured per period: there is nothing to forecast",
                                     at: request.metric.range, help: "forecast a metric computed from data, e.g. sum(t.column)")
        }
        guard let (history, last) = Forecaster.history(of: series), history.count >= 3 else {
            throw .invalidExpression("\(definition.name) needs values in at least 3 \(series.grain.noun)s in a row to forecast",
                                     at: request.metric.range, help: "a finer grain (grain month) gives more periods")
        }
        var horizon = request.next?.value ?? max(Forecaster.seasonLength(series.grain), 3)
        if let to = request.to {
            let end = Period(containing: Period(grain: to.value.grain, ordinal: to.value.ordinal + 1).firstDay - 1,
                             grain: series.grain)
            horizon = end.ordinal - last.ordinal
            guard horizon > 0 else {
                throw .invalidArgument("\(to.value) is not after \(definition.name)'s last value (\(last))", at: to.range)
            }
            guard horizon <= Forecaster.longestHorizon else {
                throw .invalidArgument("\(to.value) is \(horizon) \(series.grain.noun)s ahead; forecast goes up to 1,000",
                                       at: to.range)
            }
        }
        let method = request.method?.value ?? .auto
        guard let forecast = Forecaster.forecast(history, lastPeriod: last, horizon: horizon,
                                                 level: request.level?.value ?? 0.8, method: method, scoring: scoring,
                                                 fits: cache.forecasts) else {
            throw .invalidExpression("\(definition.name) cannot be forecast with \(method.rawValue)", at: request.metric.range,
                                     help: "method naive needs only two values")
        }
        return ForecastView(metric: definition.name, unit: definition.unit, forecast: forecast,
                            format: request.format ?? context.defaultFormat)
    }
}
