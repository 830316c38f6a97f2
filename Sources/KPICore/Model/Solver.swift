/// Goal seek: brackets a root of `f` and refines it with Brent's method.
enum Solver {
    enum Outcome {
        case found(Double)
        /// f keeps one sign over low…high; the lowest and highest values of f seen.
        case noSignChange(low: Double, high: Double, lowest: Double, highest: Double)
        case undefined
    }

    static func solve(_ f: (Double) throws(KPIError) -> Double, start: Double, between: (low: Double, high: Double)?,
                      tolerance: Double = 1e-9) throws(KPIError) -> Outcome
    {
        var points: [(x: Double, y: Double)] = []
        if let between {
            for i in 0...8 { points.append((0, 0)); points[i].x = between.low + (between.high - between.low) * Double(i) / 8 }
        } else {
            let scale = start == 0 ? 1 : abs(start)
            let factors = [0.0, 0.5, 1, 2, 4, 10, 100, 1000]
            let offsets = factors.flatMap { [-$0, $0] }.sorted()
            for offset in offsets { points.append((start + scale * offset, 0)) }
        }
        points = points.sorted { $0.x < $1.x }.reduce(into: []) { unique, point in if unique.last?.x != point.x { unique.append(point) } }
        for index in points.indices { points[index].y = try f(points[index].x) }
        let finite = points.filter { $0.y.isFinite }
        guard !finite.isEmpty else { return .undefined }
        // The bracket nearest the starting value.
        var brackets: [(Double, Double, Double, Double)] = []
        for (a, b) in zip(finite, finite.dropFirst()) where a.y == 0 || (a.y < 0) != (b.y < 0) {
            brackets.append((a.x, a.y, b.x, b.y))
        }
        guard let bracket = brackets.min(by: { abs(($0.0 + $0.2) / 2 - start) < abs(($1.0 + $1.2) / 2 - start) }) else {
            let ys = finite.map(\.y)
            return .noSignChange(low: finite.first!.x, high: finite.last!.x, lowest: ys.min()!, highest: ys.max()!)
        }
        if bracket.1 == 0 { return .found(bracket.0) }
        return .found(try brent(f, bracket.0, bracket.1, bracket.2, bracket.3, tolerance: tolerance))
    }

    /// Brent's method on a bracket [a, b] with f(a), f(b) of opposite signs, to a relative
    /// `tolerance` (1e-9; a simulated probability, a step function of x, needs less).
    static func brent(_ f: (Double) throws(KPIError) -> Double, _ a0: Double, _ fa0: Double, _ b0: Double, _ fb0: Double,
                      tolerance relative: Double = 1e-9) throws(KPIError) -> Double
    {
        var (a, fa, b, fb) = (a0, fa0, b0, fb0)
        if abs(fa) < abs(fb) { (a, fa, b, fb) = (b, fb, a, fa) }
        var c = a, fc = fa, d = b - a, mflag = true
        for _ in 0..<100 {
            if fb == 0 || abs(b - a) <= relative * max(1, abs(b)) { return b }
            var s: Double
            if fa != fc && fb != fc {
                s = a * fb * fc / ((fa - fb) * (fa - fc)) + b * fa * fc / ((fb - fa) * (fb - fc)) + c * fa * fb / ((fc - fa) * (fc - fb))
            } else {
                s = b - fb * (b - a) / (fb - fa)
            }
            let tolerance = relative * max(1, abs(b))
            let outside = (s - (3 * a + b) / 4) * (s - b) >= 0
            if outside || (mflag && abs(s - b) >= abs(b - c) / 2) || (!mflag && abs(s - b) >= abs(c - d) / 2)
                || (mflag && abs(b - c) < tolerance) || (!mflag && abs(c - d) < tolerance) {
                s = (a + b) / 2
                mflag = true
            } else {
                mflag = false
            }
            let fs = try f(s)
            d = c
            c = b
            fc = fb
            if (fa < 0) != (fs < 0) {
                b = s
                fb = fs
            } else {
                a = s
                fa = fs
            }
            if abs(fa) < abs(fb) { (a, fa, b, fb) = (b, fb, a, fa) }
        }
        return b
    }
}
