import Dispatch

/// How `forecast` chooses its model.
public enum ForecastMethod: String, Sendable, CaseIterable {
    /// Exponential smoothing chosen by AICc (the default).
    case auto
    /// The same choice, named: `auto` is free to choose otherwise where that forecasts better.
    case ets
    case theta
    /// The straight line through the last 12 periods, as goals forecast before.
    case linear
    /// The last value carried forward.
    case naive
}

/// A metric's forecast for the periods after its last value.
public struct Forecast: Sendable {
    /// One future period: the point forecast and the interval around it.
    public struct Point: Sendable, Equatable {
        public var period: Period
        public var forecast: Double
        public var low: Double
        public var high: Double
    }

    /// How the model forecast the last season it was not shown (refitted without it).
    public struct Holdout: Sendable, Equatable {
        public var periods: Int
        /// Mean absolute error over the in-sample mean absolute change of a season (MASE):
        /// below 1 beats repeating last season's value.
        public var scaledError: Double
        /// Mean absolute percentage error, for positive series.
        public var percentageError: Double?
        /// The scale is the change over a season (true) or over one period: what MASE 1 is.
        public var seasonal: Bool
    }

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    public var method: ForecastMethod
    /// The model used: `ETS(M,Ad,M)`, `Theta`, `linear trend`, `naive`.
    public var model: String
    /// Why that model: "lowest AICc of 15 exponential-smoothing forms".
    public var choice: String
    public var parameters: [Parameter]
    /// The interval's coverage (0.8 for 80%).
    public var level: Double
    /// Periods in a season at this grain (12 months), 1 without one.
    public var seasonLength: Int
    /// The values the model was fitted to, ending at the last period with a value.
    public var history: [Double]
    public var lastPeriod: Period
    public var points: [Point]
    public var holdout: Holdout?
    let distribution: ModelForecast

    /// P(met) of a target in `period`: the share of the forecast distribution at or beyond
    /// it (above for a goal that wants an increase); nil past the forecast's horizon.
    public func probability(of target: Double, in period: Period, above: Bool) -> Double? {
        let step = period.ordinal - lastPeriod.ordinal - 1
        guard step >= 0, step < points.count else { return nil }
        return distribution.probability(step, of: target, above: above)
    }

    /// The central interval of `level` in `period` (the points carry the forecast's own level).
    public func interval(in period: Period, level: Double) -> (low: Double, high: Double)? {
        let step = period.ordinal - lastPeriod.ordinal - 1
        guard step >= 0, step < points.count else { return nil }
        return distribution.interval(step, level: level)
    }
}

/// Fits forecasting models to a metric's history and forecasts it.
enum Forecaster {
    /// The most periods ahead a forecast goes (`forecast … next`, and a goal's deadline:
    /// beyond it a goal is judged on the pace it needs alone).
    static let longestHorizon = 1_000

    /// Periods in a season: 12 months, 4 quarters, 52 weeks, 7 days; years have none.
    static func seasonLength(_ grain: Grain) -> Int {
        switch grain {
        case .day: 7
        case .week: 52
        case .month: 12
        case .quarter: 4
        case .year: 1
        }
    }

    /// The values a forecast of `series` is fitted to: the run of periods with a value that
    /// ends at its last one (a gap ends the run, as `forecast::ets` takes the last
    /// contiguous stretch), and that last period.
    static func history(of series: Series) -> (values: [Double], last: Period)? {
        guard series.groups == 1, let last = series.lastOrdinalWithData else { return nil }
        var first = last
        while first > series.start, series.value(ordinal: first - 1).isFinite { first -= 1 }
        return ((first...last).map { series.value(ordinal: $0) }, Period(grain: series.grain, ordinal: last))
    }

    /// The forecast of the `horizon` periods after `lastPeriod`, the last of `history`
    /// (contiguous values), with intervals at `level`; nil with fewer than three values.
    /// With `scoring`, the method is also refitted without the last season and scored on it
    /// (`Forecast.holdout`, for `explain`): twice the work. A fit is kept in `fits` (by the
    /// values and the method), so goals on one metric, and replays of a forecast, fit once.
    static func forecast(_ history: [Double], lastPeriod: Period, horizon: Int, level: Double,
                         method: ForecastMethod, scoring: Bool = false, fits: ForecastFits? = nil) -> Forecast? {
        let period = seasonLength(lastPeriod.grain)
        guard history.count >= 3, horizon > 0 else { return nil }
        let key = ForecastFits.Key(values: history, period: period, method: method)
        guard let (fitted, choice) = fits?.fits[key] ?? fit(history, period: period, method: method),
              let model = fits?.models[ForecastFits.Horizon(fit: key, periods: horizon)] ?? fitted.forecast(horizon)
        else { return nil }
        fits?.keep(fitted, choice, model, key: key, horizon: horizon)
        let points = (0..<horizon).map { step in
            let (low, high) = model.interval(step, level: level)
            return Forecast.Point(period: Period(grain: lastPeriod.grain, ordinal: lastPeriod.ordinal + step + 1),
                                  forecast: model.means[step], low: low, high: high)
        }
        return Forecast(method: method, model: model.name, choice: choice,
                        parameters: model.parameters.map { Forecast.Parameter(name: $0.0, value: $0.1) }, level: level,
                        seasonLength: period, history: history, lastPeriod: lastPeriod, points: points,
                        holdout: scoring ? holdout(history, period: period, method: method) : nil, distribution: model)
    }

    /// The model `method` fits to `values`, and why it was chosen.
    static func fit(_ values: [Double], period: Int, method: ForecastMethod) -> (FittedModel, String)? {
        switch method {
        case .auto, .ets:
            let positive = values.allSatisfy { $0 > 0 }
            let forms = ETSForm.candidates(period: period, count: values.count, positive: positive)
            var fits = parallelFits(forms.map { ($0, nil) }, values)
            // The seasonal form that fits best starts again with its initial season
            // estimated too: a dozen more parameters, worth it only for the likely winner.
            let leader = fits.filter { $0.form.season != .none }.min { $0.aicc < $1.aicc }
            fits += parallelFits(leader.map { [($0.form, $0)] } ?? [], values)
            let best = fits.min(by: { $0.aicc < $1.aicc })
            // With less than two seasons (or ten values) `auto` also weighs a straight line
            // through every value by the same criterion: so short a history cannot pay for
            // an exponential-smoothing trend (five parameters), and a line is what it shows.
            // Longer ones are left to the adaptive models, which forecast them better.
            let short = values.count < max(2 * period, 10)
            if method == .auto, short, let line = BaselineForecasts.lineAICc(values), line < (best?.aicc ?? .infinity) {
                return (.linear(values, window: values.count),
                        "lowest AICc of \(forms.count) exponential-smoothing forms and a straight line")
            }
            guard let best else {
                return values.count >= 2
                    ? (.naive(values), "too little history for exponential smoothing: the last value carried forward") : nil
            }
            return (.ets(best), "lowest AICc of \(forms.count) exponential-smoothing forms"
                    + (method == .auto && short && values.count >= 5 ? " and a straight line" : ""))
        case .theta: return (.theta(values, period: period), "the Theta method")
        case .linear: return (.linear(values, window: 12), "least squares over the last 12 periods")
        case .naive: return (.naive(values), "the last value carried forward")
        }
    }

    /// Each form fitted to `values` (refining its fit where one is given), on every core:
    /// the fits are independent, and the results keep the forms' order.
    private static func parallelFits(_ jobs: [(ETSForm, ETSFit?)], _ values: [Double]) -> [ETSFit] {
        Parallel.map(jobs.count) { ETSFit.fit(jobs[$0].0, to: values, refining: jobs[$0].1) }.compactMap { $0 }
    }

    /// The method refitted without the last season (or the last quarter of the values
    /// without a season, up to 4) and scored on it.
    static func holdout(_ values: [Double], period: Int, method: ForecastMethod) -> Forecast.Holdout? {
        let held = period > 1 ? period : min(4, values.count / 4)
        let training = Array(values.dropLast(held)), actual = Array(values.suffix(held))
        let lag = period > 1 && training.count > period ? period : 1
        guard held > 0, training.count >= max(6, lag + 2),
              let model = fit(training, period: period, method: method)?.0.forecast(held) else { return nil }
        let scale = (lag..<training.count).reduce(0.0) { $0 + Swift.abs(training[$1] - training[$1 - lag]) }
            / Double(training.count - lag)
        let errors = zip(model.means, actual).map { Swift.abs($1 - $0) }
        let meanError = errors.reduce(0, +) / Double(held)
        let percentage = actual.allSatisfy({ $0 > 0 })
            ? zip(errors, actual).reduce(0.0) { $0 + $1.0 / $1.1 } / Double(held) : nil
        return Forecast.Holdout(periods: held, scaledError: scale > 0 ? meanError / scale : .nan, percentageError: percentage,
                                seasonal: lag > 1)
    }
}

/// A model fitted to a history, ready to forecast any number of periods ahead.
enum FittedModel: Sendable {
    case ets(ETSFit)
    case theta([Double], period: Int)
    case linear([Double], window: Int)
    case naive([Double])

    func forecast(_ horizon: Int) -> ModelForecast? {
        switch self {
        case .ets(let fit): fit.forecast(horizon)
        case .theta(let values, let period): ThetaMethod.forecast(values, period: period, horizon: horizon)
        case .linear(let values, let window): BaselineForecasts.linear(values, horizon: horizon, window: window)
        case .naive(let values): BaselineForecasts.naive(values, horizon: horizon)
        }
    }
}

/// Fits kept across statements, by the values fitted and the method: refitting is the
/// cost of a forecast (fifteen models by maximum likelihood), and goals, scorecards and
/// scenario comparisons ask for the same metric's forecast again and again.
final class ForecastFits {
    struct Key: Hashable {
        var values: [Double]
        var period: Int
        var method: ForecastMethod
    }

    struct Horizon: Hashable {
        var fit: Key
        var periods: Int
    }

    private(set) var fits: [Key: (FittedModel, String)] = [:]
    /// The forecasts made from them, by horizon: a simulated model's 5,000 futures are
    /// the rest of a forecast's cost.
    private(set) var models: [Horizon: ModelForecast] = [:]

    /// Keeps a fit and its forecast. Past `limit` of either, all of that kind are let go:
    /// a session forecasts a few metrics at a time, and a cache cannot grow without end.
    /// Forecasts beyond `keptHorizon` periods are not kept (5,000 simulated futures of a
    /// thousand periods are 40 MB).
    func keep(_ fitted: FittedModel, _ choice: String, _ model: ModelForecast, key: Key, horizon: Int) {
        if fits.count >= Self.limit { fits.removeAll() }
        if models.count >= Self.limit { models.removeAll() }
        fits[key] = (fitted, choice)
        if horizon <= Self.keptHorizon { models[Horizon(fit: key, periods: horizon)] = model }
    }

    private static let limit = 64, keptHorizon = 60
}
