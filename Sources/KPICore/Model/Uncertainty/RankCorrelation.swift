/// Rank correlation between uncertain inputs: the matrix the user asks for, checked, and
/// the Gaussian copula that imposes it.
///
/// A copula rather than Iman–Conover's reordering: every marginal kpi offers has a closed
/// form quantile, so correlated normal scores become each input's draws in one pass, with
/// no sort; Spearman's ρ of the result is 6/π · asin(r/2) of the normals' Pearson r, so
/// r = 2 sin(π ρ / 6) gives the rank correlation asked for exactly in expectation.
enum RankCorrelation {
    /// The normals' Pearson correlation that gives rank correlation `rho`.
    static func normalCorrelation(forRank rho: Double) -> Double {
        2 * DetMath.sin(Double.pi * rho / 6)
    }

    /// Spearman's rank correlation of two equally long samples (ties, which continuous
    /// draws do not have, get consecutive ranks).
    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        let n = a.count
        guard n > 1, b.count == n else { return .nan }
        let both = Parallel.map(2) { ranks($0 == 0 ? a : b) }
        let ra = both[0], rb = both[1]
        let mean = Double(n - 1) / 2
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<n {
            let x = ra[i] - mean, y = rb[i] - mean
            sab += x * y
            saa += x * x
            sbb += y * y
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// A double's bits as an integer that orders as the double does (nulls last).
    static func orderKey(_ value: Double) -> UInt64 {
        guard !value.isNaN else { return .max }
        let bits = value.bitPattern
        // Negative doubles order backwards as integers: flip them all; positives get the sign bit.
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// `values` sorted, by their order keys.
    static func sorted(_ values: [Double]) -> [Double] {
        var keys = values.map(orderKey)
        radixSort(&keys)
        return keys.map { key in Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key) }
    }

    /// Least significant digit first, 11 bits a pass (the counts stay in the first-level
    /// cache), skipping a digit every key shares (the top bits of draws from one
    /// distribution mostly are).
    static func radixSort(_ keys: inout [UInt64]) {
        let n = keys.count
        guard n > 1 else { return }
        var buffer = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 1 << 11)
        let width = 64 - (keys.max() ?? 0).leadingZeroBitCount
        for shift in stride(from: UInt64(0), to: UInt64(width), by: 11) {
            let moved = keys.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { count in
                        for i in 0..<count.count { count[i] = 0 }
                        for key in source { count[Int((key >> shift) & 0x7FF)] += 1 }
                        if count[Int((source[0] >> shift) & 0x7FF)] == n { return false }
                        var total = 0
                        for i in 0..<count.count {
                            let here = count[i]
                            count[i] = total
                            total += here
                        }
                        for key in source {
                            let digit = Int((key >> shift) & 0x7FF)
                            target[count[digit]] = key
                            count[digit] += 1
                        }
                        return true
                    }
                }
            }
            if moved { swap(&keys, &buffer) }
        }
    }

    /// 0-based ranks of `values` (nulls last).
    ///
    /// Sorted as one integer a value — the double's bits turned into an order-preserving
    /// key, its low bits replaced by the value's index — by a radix sort: a tenth of the
    /// time of sorting indexes by a closure into the array at 100,000 runs.
    /// Values closer than about 2^-(43 − index bits) relative are ranked by index.
    static func ranks(_ values: [Double]) -> [Double] {
        let n = values.count
        var indexBits: UInt64 = 1
        while (1 << indexBits) < n { indexBits += 1 }
        let mask: UInt64 = (1 << indexBits) - 1
        var keys = [UInt64](repeating: 0, count: n)
        // The value's top 55 − index bits (sign, exponent and 26 bits of mantissa at 100,000
        // runs) above the index: five passes of the radix sort instead of six.
        for (index, value) in values.enumerated() { keys[index] = (orderKey(value) >> (9 + indexBits)) << indexBits | UInt64(index) }
        radixSort(&keys)
        var ranks = [Double](repeating: 0, count: n)
        for (rank, key) in keys.enumerated() { ranks[Int(key & mask)] = Double(rank) }
        return ranks
    }
}

/// The lower triangular L with L·Lᵀ = a correlation matrix, and what it does to
/// independent normal scores.
struct CholeskyFactor: Sendable, Equatable {
    var lower: [[Double]]

    /// Nil when the matrix is not positive semi-definite; `failing` is then the size of
    /// the first leading block that is not (its inputs are the first `failing` names).
    static func factor(_ matrix: [[Double]]) -> Result<CholeskyFactor, NotPositiveSemidefinite> {
        let n = matrix.count
        var lower = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i][j]
                for k in 0..<j { sum -= lower[i][k] * lower[j][k] }
                if i == j {
                    // A tolerance for matrices that are semi-definite up to rounding (r = ±1).
                    guard sum > -1e-12 else { return .failure(NotPositiveSemidefinite(size: i + 1)) }
                    lower[i][i] = max(sum, 0).squareRoot()
                } else {
                    lower[i][j] = lower[j][j] > 1e-12 ? sum / lower[j][j] : 0
                }
            }
        }
        return .success(CholeskyFactor(lower: lower))
    }

    /// L·z for each run: correlated normal scores from independent ones.
    func mix(_ normals: [[Double]]) -> [[Double]] {
        let n = normals.count, runs = normals.first?.count ?? 0
        var result = [[Double]](repeating: [Double](repeating: 0, count: runs), count: n)
        for i in 0..<n {
            for k in 0...i where lower[i][k] != 0 {
                let weight = lower[i][k]
                normals[k].withUnsafeBufferPointer { z in
                    result[i].withUnsafeMutableBufferPointer { out in
                        for run in 0..<runs { out[run] += weight * z[run] }
                    }
                }
            }
        }
        return result
    }
}

/// A leading block of a correlation matrix that no set of inputs can have.
struct NotPositiveSemidefinite: Error {
    var size: Int
}

/// Inputs drawn together: their names, distributions, and the pairs correlated (indexes
/// into `names`) with their target rank correlation.
struct CorrelatedInputs: Sendable {
    var names: [String]
    var marginals: [(String, [Double])]
    var pairs: [(first: Int, second: Int, target: Double)]
    var factor: CholeskyFactor
}
