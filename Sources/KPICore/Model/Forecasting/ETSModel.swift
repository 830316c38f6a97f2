import Dispatch

/// The form of an exponential-smoothing state space model, ETS(error, trend, season), in
/// the taxonomy of Hyndman, Koehler, Ord & Snyder (2008) that R's `forecast::ets` and
/// statsmodels' `ETSModel` use: how level, trend and season combine into a forecast, and
/// how each period's error feeds back into them.
public struct ETSForm: Sendable, Hashable, CustomStringConvertible {
    public enum Error: Sendable, Hashable { case additive, multiplicative }
    public enum Trend: Sendable, Hashable { case none, additive, damped }
    public enum Season: Sendable, Hashable { case none, additive, multiplicative }

    public var error: Error
    public var trend: Trend
    public var season: Season
    /// Periods in a season (12 months); 1 without a season.
    public var period: Int

    public var description: String {
        let e = error == .additive ? "A" : "M"
        let t = trend == .none ? "N" : trend == .additive ? "A" : "Ad"
        let s = season == .none ? "N" : season == .additive ? "A" : "M"
        return "ETS(\(e),\(t),\(s))"
    }

    /// Additive errors and no multiplicative season: the forecast's variance has a closed
    /// form, and P(met) is read off a normal distribution.
    var isLinear: Bool { error == .additive && season != .multiplicative }

    /// The forms `auto` chooses among for `count` values with `period` periods a season:
    /// seasonal forms only with two full seasons, multiplicative ones only for positive
    /// data, and not additive errors with a multiplicative season (numerically unstable;
    /// `forecast::ets` leaves it out too).
    static func candidates(period: Int, count: Int, positive: Bool) -> [ETSForm] {
        let seasons: [Season] = period > 1 && count >= 2 * period ? [.none, .additive, .multiplicative] : [.none]
        var forms: [ETSForm] = []
        for error in [Error.additive, .multiplicative] where positive || error == .additive {
            for trend in [Trend.none, .additive, .damped] {
                for season in seasons where positive || season != .multiplicative {
                    if error == .additive, season == .multiplicative { continue }
                    forms.append(ETSForm(error: error, trend: trend, season: season, period: season == .none ? 1 : period))
                }
            }
        }
        return forms
    }
}

/// A fitted ETS model: its smoothing parameters and states after the last value, and how
/// well it fits (AICc), ready to forecast.
struct ETSFit: Sendable {
    var form: ETSForm
    var alpha: Double
    var beta: Double
    var gamma: Double
    var phi: Double
    /// The states after the last value.
    var state: ETSState
    /// The variance of the one-step errors (relative errors for a multiplicative error),
    /// with the parameters' degrees of freedom taken out.
    var variance: Double
    var aicc: Double
    /// Smoothing parameters, φ, initial states and the variance.
    var parameterCount: Int
    /// The optimiser's minimum (smoothing parameters, initial level and slope) and the
    /// initial season it went with: where a refit starts.
    var point: [Double]
    var initialSeason: [Double]

    /// The named parameters, for `explain`.
    var parameters: [(String, Double)] {
        var list = [("alpha", alpha)]
        if form.trend != .none { list.append(("beta", beta)) }
        if form.season != .none { list.append(("gamma", gamma)) }
        if form.trend == .damped { list.append(("phi", phi)) }
        return list
    }
}

/// Level, slope and the last season of states; `next` is the season state the next period
/// reads (the one of a season ago), which the period then replaces.
struct ETSState: Sendable {
    var level: Double
    var slope: Double
    var season: [Double]
    var next: Int
}

extension ETSFit {
    /// Fits `form` to `values` by maximum likelihood: smoothing parameters, damping and the
    /// initial level and slope by Nelder–Mead, within the usual bounds (0 < β < α < 1,
    /// 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98). The initial season comes from classical
    /// decomposition of the first three seasons, as `forecast::ets` starts it; with
    /// `refining` (a fit of the same form) it is estimated too, from that fit on. Nil when
    /// the form does not fit (too few values for its parameters, or none admissible).
    static func fit(_ form: ETSForm, to values: [Double], refining previous: ETSFit? = nil) -> ETSFit? {
        let n = values.count
        // Smoothing parameters, φ, initial level and slope, m − 1 free seasons, the variance.
        let smoothing = 1 + (form.trend != .none ? 1 : 0) + (form.season != .none ? 1 : 0) + (form.trend == .damped ? 1 : 0)
        let parameterCount = smoothing + 1 + (form.trend != .none ? 1 : 0) + (form.season != .none ? form.period - 1 : 0) + 1
        guard n > parameterCount + 1, let initial = initialStates(form, values) else { return nil }
        let layout = ParameterLayout(form: form, estimatesSeasons: previous != nil && form.season != .none)
        let (start, steps, fixedSeason) = startingPoint(form, initial, layout: layout, refining: previous)
        let objective = { (point: [Double]) -> Double in
            guard let (parameters, season) = layout.parameters(point, season: fixedSeason) else { return .infinity }
            return ETSRecursion(form: form, parameters: parameters).likelihood(values, season: season)
        }
        // A refit starts near its minimum and has many more parameters: fewer evaluations each.
        let budget = previous == nil ? 100 : 50
        var (best, value) = NelderMead(maximumEvaluations: budget * start.count).minimise(objective, from: start, steps: steps)
        // A restart from the minimum found: Nelder–Mead's simplex often collapses early.
        (best, value) = NelderMead(maximumEvaluations: budget * 2 / 5 * start.count)
            .minimise(objective, from: best, steps: steps.map { $0 / 2 })
        guard value.isFinite, let (parameters, season) = layout.parameters(best, season: fixedSeason),
              let run = ETSRecursion(form: form, parameters: parameters).run(values, season: season) else { return nil }
        let k = Double(parameterCount), count = Double(n)
        let aic = value + count * (1 + DetMath.log(2 * DetMath.pi / count)) + 2 * k
        return ETSFit(form: form, alpha: parameters.alpha, beta: parameters.beta, gamma: parameters.gamma,
                      phi: parameters.phi, state: run.state,
                      variance: run.squaredErrors / max(1, count - k), aicc: aic + 2 * k * (k + 1) / (count - k - 1),
                      parameterCount: parameterCount, point: Array(best.prefix(layout.fixedCount)), initialSeason: season)
    }

    /// The states a fit starts from: the season of the first three seasons' classical
    /// decomposition (as `forecast::ets` starts it), and the level and slope of the values
    /// with that season taken out. Nil when the values cannot give the season.
    private static func initialStates(_ form: ETSForm, _ values: [Double]) -> (season: [Double], level: Double, slope: Double)? {
        let m = form.period, multiplicative = form.season == .multiplicative
        var season = [Double](repeating: multiplicative ? 1 : 0, count: max(1, m))
        var adjusted = values
        if form.season != .none {
            let first = Array(values.prefix(min(values.count, 3 * m)))
            guard let indices = SeasonalIndices.classical(first, period: m, multiplicative: multiplicative) else { return nil }
            season = indices
            adjusted = values.indices.map { multiplicative ? values[$0] / indices[$0 % m] : values[$0] - indices[$0 % m] }
        }
        let (level, slope) = startingLevel(adjusted, period: m, trend: form.trend != .none)
        return (season, level, slope)
    }

    /// Where the optimiser starts, its first steps, and the season it holds fixed: α 0.2,
    /// β 0.05, γ 0.05, φ 0.9 (as `ParameterLayout` sees them) and the initial states; or,
    /// refining a fit, that fit's minimum with its season free, at half the steps.
    private static func startingPoint(_ form: ETSForm, _ initial: (season: [Double], level: Double, slope: Double),
                                      layout: ParameterLayout, refining previous: ETSFit?)
        -> (start: [Double], steps: [Double], season: [Double])
    {
        var start = [ParameterLayout.logit(0.2)], steps = [1.0]
        if form.trend != .none { (start, steps) = (start + [ParameterLayout.logit(0.25)], steps + [1]) }
        if form.season != .none { (start, steps) = (start + [ParameterLayout.logit(0.0625)], steps + [1]) }
        if form.trend == .damped { (start, steps) = (start + [ParameterLayout.logit(0.5556)], steps + [1]) }
        let scale = max(Swift.abs(initial.level), 1e-6)
        start.append(initial.level)
        steps.append(0.05 * scale)
        if form.trend != .none {
            start.append(initial.slope)
            steps.append(max(0.05 * Swift.abs(initial.slope), 0.01 * scale))
        }
        guard let previous else { return (start, steps, initial.season) }
        start = previous.point
        if layout.estimatesSeasons {
            start += previous.initialSeason.dropLast()
            steps += [Double](repeating: form.season == .multiplicative ? 0.02 : 0.02 * scale, count: form.period - 1)
        }
        return (start, steps.map { $0 / 2 }, previous.initialSeason)
    }

    /// The initial level and slope: a line through the first values (two seasons, at least
    /// ten), or their mean without a trend.
    private static func startingLevel(_ values: [Double], period: Int, trend: Bool) -> (Double, Double) {
        let first = Array(values.prefix(min(values.count, max(10, 2 * period))))
        let n = Double(first.count)
        let meanY = first.reduce(0, +) / n
        guard trend, first.count > 1 else { return (meanY, 0) }
        let meanX = (n + 1) / 2
        var sxy = 0.0, sxx = 0.0
        for (i, y) in first.enumerated() {
            let x = Double(i + 1) - meanX
            sxy += x * (y - meanY)
            sxx += x * x
        }
        let slope = sxy / sxx
        return (meanY - slope * meanX, slope)
    }
}

/// The optimiser's vector read as parameters: α, then β, γ, φ where the form has them, the
/// initial level and slope, and when `estimatesSeasons` the first m − 1 initial seasons
/// (the last makes them sum to 0, or average 1); nil outside the bounds.
///
/// The smoothing parameters are optimised through a logistic map onto their bounds
/// (α = σ(a), β = α σ(b), γ = (1 − α) σ(c), φ = 0.8 + 0.18 σ(d)): the simplex then never
/// meets a wall, which halved the evaluations a fit takes to converge.
private struct ParameterLayout {
    static func logistic(_ x: Double) -> Double { 1 / (1 + DetMath.exp(-x)) }
    static func logit(_ p: Double) -> Double { DetMath.log(p / (1 - p)) }

    let form: ETSForm
    let estimatesSeasons: Bool

    /// The entries before the seasons.
    var fixedCount: Int {
        1 + (form.trend != .none ? 2 : 0) + (form.season != .none ? 1 : 0) + (form.trend == .damped ? 1 : 0) + 1
    }

    func parameters(_ point: [Double], season fixed: [Double]) -> (ETSRecursion.Parameters, [Double])? {
        var i = 0
        func take() -> Double {
            defer { i += 1 }
            return point[i]
        }
        let alpha = Self.logistic(take())
        let beta = form.trend != .none ? alpha * Self.logistic(take()) : 0
        let gamma = form.season != .none ? (1 - alpha) * Self.logistic(take()) : 0
        let phi = form.trend == .damped ? 0.8 + 0.18 * Self.logistic(take()) : 1
        let level = take()
        let slope = form.trend != .none ? take() : 0
        let bound = 1e-4
        guard alpha > bound, alpha < 1 - bound, form.trend == .none || (beta > bound && beta < alpha),
              form.season == .none || (gamma > bound && gamma < 1 - alpha),
              form.trend != .damped || (phi >= 0.8 && phi <= 0.98) else { return nil }
        var season = fixed
        if estimatesSeasons {
            let m = form.period
            let free = Array(point[i..<(i + m - 1)])
            let sum = free.reduce(0, +)
            season = free + [form.season == .multiplicative ? Double(m) - sum : -sum]
            if form.season == .multiplicative, season.contains(where: { $0 <= 0 }) { return nil }
        }
        return (.init(alpha: alpha, beta: beta, gamma: gamma, phi: phi, level: level, slope: slope), season)
    }
}

/// The model's recursion over a series: one step per period, forecast then correction.
/// The hot loop of a fit (a few hundred runs over the series per form), so written on
/// plain doubles.
struct ETSRecursion {
    struct Parameters {
        var alpha, beta, gamma, phi: Double
        var level, slope: Double
    }

    let form: ETSForm
    let parameters: Parameters

    /// `n log Σe²`, plus `2 Σ log|ŷ|` for multiplicative errors: minus twice the log
    /// likelihood, up to constants; infinity where the states leave their domain.
    func likelihood(_ values: [Double], season: [Double]) -> Double {
        guard let run = run(values, season: season) else { return .infinity }
        // A perfect fit (a constant series) has no errors: the smallest positive sum stands in.
        return Double(values.count) * DetMath.log(Swift.max(run.squaredErrors, .leastNormalMagnitude)) + 2 * run.logForecasts
    }

    /// The states after `values`, the sum of squared errors and of log forecasts. The fit's
    /// inner loop: the states in locals and the season in a buffer, the logs of the
    /// forecasts taken of their running product (one log per hundred-odd periods).
    func run(_ values: [Double], season initial: [Double]) -> (state: ETSState, squaredErrors: Double, logForecasts: Double)? {
        var level = parameters.level, slope = parameters.slope, season = initial
        var squares = 0.0, logs = 0.0, product = 1.0
        let multiplicativeError = form.error == .multiplicative, period = season.count
        var next = 0
        let admissible = season.withUnsafeMutableBufferPointer { season in
            for y in values {
                let (base, forecast) = self.forecast(level: level, slope: slope, season: season[next])
                guard forecast.isFinite, !multiplicativeError || forecast > 0 else { return false }
                let error = correct(&level, &slope, &season[next], base: base, forecast: forecast, y: y)
                guard level.isFinite else { return false }
                squares += error * error
                if multiplicativeError {
                    product *= forecast
                    if product > 1e150 || product < 1e-150 {
                        logs += DetMath.quickLog(product)
                        product = 1
                    }
                }
                next += 1
                if next == period { next = 0 }
            }
            return true
        }
        guard admissible else { return nil }
        if multiplicativeError { logs += DetMath.quickLog(product) }
        return (ETSState(level: level, slope: slope, season: season, next: next), squares, logs)
    }

    /// The next period's forecast from the level, slope and the season state of a season
    /// ago, and the level and damped slope alone (`base`).
    @inline(__always)
    func forecast(level: Double, slope: Double, season: Double) -> (base: Double, forecast: Double) {
        let base = form.trend == .none ? level : level + parameters.phi * slope
        switch form.season {
        case .none: return (base, base)
        case .additive: return (base, base + season)
        case .multiplicative: return (base, base * season)
        }
    }

    /// The next period's forecast from `state`.
    func forecast(from state: ETSState) -> Double {
        forecast(level: state.level, slope: state.slope, season: state.season[state.next]).forecast
    }

    /// Corrects the states by the period's value `y` (Hyndman et al. 2008, table 2.1; fpp2
    /// table 7.10) and returns its error: `y − forecast`, or that over the forecast for a
    /// multiplicative error.
    @inline(__always)
    func correct(_ level: inout Double, _ slope: inout Double, _ season: inout Double, base: Double, forecast: Double,
                 y: Double) -> Double {
        let p = parameters
        let multiplicativeError = form.error == .multiplicative
        let e = multiplicativeError ? (y - forecast) / forecast : y - forecast
        let s = season
        // The level's (and slope's) correction, and the season's, by form.
        let levelTerm: Double, seasonTerm: Double
        switch (multiplicativeError, form.season) {
        case (false, .none), (false, .additive): (levelTerm, seasonTerm) = (e, e)
        case (false, .multiplicative): (levelTerm, seasonTerm) = (e / s, e / base)
        case (true, .additive): (levelTerm, seasonTerm) = (forecast * e, forecast * e)
        case (true, .none): (levelTerm, seasonTerm) = (base * e, 0)
        case (true, .multiplicative): (levelTerm, seasonTerm) = (base * e, s * e)
        }
        level = base + p.alpha * levelTerm
        if form.trend != .none { slope = p.phi * slope + p.beta * levelTerm }
        if form.season != .none { season = s + p.gamma * seasonTerm }
        return e
    }

    /// One period: the forecast from `state`, then the states corrected by `y`'s error
    /// (nil `y`: no error, as when forecasting). Returns the forecast.
    @discardableResult
    func step(_ state: inout ETSState, observing y: Double?) -> Double {
        let (base, forecast) = self.forecast(level: state.level, slope: state.slope, season: state.season[state.next])
        if let y {
            _ = correct(&state.level, &state.slope, &state.season[state.next], base: base, forecast: forecast, y: y)
        } else {
            state.level = base
            state.slope *= parameters.phi
        }
        state.next = (state.next + 1) % state.season.count
        return forecast
    }
}

extension ETSFit {
    var recursion: ETSRecursion {
        ETSRecursion(form: form, parameters: .init(alpha: alpha, beta: beta, gamma: gamma, phi: phi, level: 0, slope: 0))
    }

    /// `paths` simulated futures of the next `horizon` periods (`[period][path]`), in four
    /// blocks on every core. Each path draws from its own seeded stream, so the draws are
    /// the same however many cores, and a period's futures the same whatever the horizon
    /// (`forecast … next 3` and `next 6` agree on the first three periods).
    private func simulate(_ horizon: Int, paths: Int, seed: UInt64) -> [[Double]] {
        let blocks = 4, size = (paths + blocks - 1) / blocks
        let recursion = self.recursion, sd = variance.squareRoot(), start = state, form = self.form
        let results = UnsafeMutableBufferPointer<[[Double]]>.allocate(capacity: blocks)
        results.initialize(repeating: [])
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            var steps = [[Double]](repeating: [], count: horizon)
            for k in 0..<horizon { steps[k].reserveCapacity(size) }
            for index in 0..<max(0, min(size, paths - block * size)) {
                var random = Rng(seed: seed &+ UInt64(block * size + index))
                var path = start
                for k in 0..<horizon {
                    let expected = recursion.forecast(from: path)
                    let shock = sd * random.normal()
                    let y = form.error == .multiplicative ? expected * (1 + shock) : expected + shock
                    recursion.step(&path, observing: y)
                    steps[k].append(y)
                }
            }
            output[block] = steps
        }
        return (0..<horizon).map { k in results.flatMap { $0[k] } }
    }

    /// The forecasts of the next `horizon` periods, and their spread: exact variances for a
    /// linear form, else `paths` simulated futures (seeded, so a replay prints the same).
    func forecast(_ horizon: Int, paths: Int = 5_000, seed: UInt64 = 20_261_203) -> ModelForecast {
        let recursion = self.recursion
        var future = state
        let means = (0..<horizon).map { _ in recursion.step(&future, observing: nil) }
        let spread: ModelForecast.Spread
        if form.isLinear {
            // σ²(1 + Σ c_j²), c_j the effect of one period's error on the forecast j periods
            // on: the forecasts of a state that is that error's correction alone.
            var impulse = ETSState(level: alpha, slope: beta, season: [Double](repeating: 0, count: state.season.count),
                                   next: state.next)
            if form.season != .none { impulse.season[(state.next + state.season.count - 1) % state.season.count] = gamma }
            var sum = 0.0, deviations: [Double] = []
            for _ in 0..<horizon {
                deviations.append((variance * (1 + sum)).squareRoot())
                let effect = recursion.step(&impulse, observing: nil)
                sum += effect * effect
            }
            spread = .normal(deviations)
        } else {
            spread = .paths(simulate(horizon, paths: paths, seed: seed))
        }
        return ModelForecast(name: form.description, parameters: parameters, means: means, spread: spread)
    }
}
