/// Minimises a function of a few variables without derivatives (Nelder & Mead's simplex,
/// with the usual reflection 1, expansion 2, contraction ½ and shrink ½).
///
/// Written here because the forecasting models need nothing more (two to six smoothing
/// parameters and initial states, each fit a few hundred evaluations of a cheap
/// function), and none of this project's packages has an optimiser. Deterministic: the
/// same start gives the same minimum on every machine.
struct NelderMead {
    var maximumEvaluations: Int
    /// Stops once the simplex's values differ by less than this (relative).
    var tolerance = 1e-8

    /// The point with the lowest value found from `start`, with steps `steps` building the
    /// first simplex, and that value. `function` returns +infinity outside its domain.
    func minimise(_ function: ([Double]) -> Double, from start: [Double], steps: [Double]) -> (point: [Double], value: Double) {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += steps[i]
            simplex.append(vertex)
        }
        var values = simplex.map(function)
        var evaluations = n + 1
        while evaluations < maximumEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let best = values[0], worst = values[n]
            if worst.isFinite, Swift.abs(worst - best) <= tolerance * (Swift.abs(best) + 1e-12) { break }
            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex.dropLast() {
                for i in 0..<n { centroid[i] += vertex[i] / Double(n) }
            }
            func along(_ factor: Double) -> [Double] {
                (0..<n).map { centroid[$0] + factor * (simplex[n][$0] - centroid[$0]) }
            }
            let reflected = along(-1), reflectedValue = function(reflected)
            evaluations += 1
            if reflectedValue < values[0] {
                let expanded = along(-2), expandedValue = function(expanded)
                evaluations += 1
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue < values[n - 1] {
                (simplex[n], values[n]) = (reflected, reflectedValue)
            } else {
                let outside = reflectedValue < values[n]
                let contracted = along(outside ? -0.5 : 0.5), contractedValue = function(contracted)
                evaluations += 1
                if contractedValue < (outside ? reflectedValue : values[n]) {
                    (simplex[n], values[n]) = (contracted, contractedValue)
                } else {
                    for k in 1...n {
                        simplex[k] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) }
                        values[k] = function(simplex[k])
                    }
                    evaluations += n
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (simplex[best], values[best])
    }
}
