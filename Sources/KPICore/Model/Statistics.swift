/// Summary statistics of draws.
enum Statistics {
    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        guard values.count > 1 else { return 0 }
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// Quantiles (linear interpolation between closest ranks) by selection rather
    /// than a full sort: a simulation's 100,000 draws cost a few passes, not a sort.
    static func quantiles(_ values: [Double], _ qs: [Double]) -> [Double] {
        guard !values.isEmpty else { return qs.map { _ in .nan } }
        var work = values
        return qs.map { q in
            let position = q * Double(work.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, work.count - 1)
            let a = select(&work, lower), b = upper == lower ? a : select(&work, upper)
            return a + (b - a) * (position - Double(lower))
        }
    }

    /// The k-th smallest value (Hoare's quickselect with a median-of-three pivot).
    private static func select(_ values: inout [Double], _ k: Int) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let middle = (low + high) / 2
            let pivot = Swift.max(Swift.min(values[low], values[middle]), Swift.min(Swift.max(values[low], values[middle]), values[high]))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return values[k] }
        }
        return values[k]
    }

    static func histogram(_ values: [Double], bins: Int) -> [(low: Double, high: Double, count: Int)] {
        guard let low = values.min(), let high = values.max() else { return [] }
        guard high > low else { return [(low, high, values.count)] }
        let width = (high - low) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[min(bins - 1, Int((value - low) / width))] += 1 }
        return (0..<bins).map { (low + Double($0) * width, low + Double($0 + 1) * width, counts[$0]) }
    }
}
