/// A season's pattern from classical decomposition: the trend taken out with a centred
/// moving average one season long, what is left averaged by position in the season.
/// Starting seasons for exponential smoothing, and the seasonal adjustment of Theta.
enum SeasonalIndices {
    /// Indices for the positions `0..<period` (`values[0]` at position 0), summing to 0
    /// (additive) or averaging 1 (multiplicative); nil with fewer than two seasons, or
    /// for multiplicative indices of values that are not all positive.
    static func classical(_ values: [Double], period: Int, multiplicative: Bool) -> [Double]? {
        let n = values.count, half = period / 2
        guard period > 1, n >= 2 * period, !multiplicative || values.allSatisfy({ $0 > 0 }) else { return nil }
        var sums = [Double](repeating: 0, count: period), counts = [Double](repeating: 0, count: period)
        for t in half..<(n - half) {
            var average: Double
            if period % 2 == 0 {
                average = (values[t - half] + values[t + half]) / 2
                for k in (t - half + 1)..<(t + half) { average += values[k] }
            } else {
                average = values[(t - half)...(t + half)].reduce(0, +)
            }
            average /= Double(period)
            sums[t % period] += multiplicative ? values[t] / average : values[t] - average
            counts[t % period] += 1
        }
        var indices = zip(sums, counts).map { $0 / $1 }
        let mean = indices.reduce(0, +) / Double(period)
        indices = indices.map { multiplicative ? $0 / mean : $0 - mean }
        return indices
    }

    /// Whether the series has a season of `period`: its autocorrelation at that lag beyond
    /// the 90% limit (1.645 standard errors, Bartlett's formula), the test Theta's authors
    /// and the M-competitions use before adjusting for a season.
    static func detected(_ values: [Double], period: Int) -> Bool {
        let n = values.count
        guard period > 1, n >= 3 * period else { return false }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard variance > 0 else { return false }
        func autocorrelation(_ lag: Int) -> Double {
            (lag..<n).reduce(0) { $0 + (values[$1] - mean) * (values[$1 - lag] - mean) } / variance
        }
        let earlier = (1..<period).reduce(0.0) { $0 + autocorrelation($1) * autocorrelation($1) }
        let limit = 1.645 * ((1 + 2 * earlier) / Double(n)).squareRoot()
        return Swift.abs(autocorrelation(period)) > limit
    }
}
