/// SplitMix64: turns one 64-bit seed into well-mixed words to seed the main generator.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** with its own distribution helpers.
///
/// The standard library's `random(in:)` algorithms are not guaranteed stable across Swift
/// versions, so every draw here is spelled out to keep the output reproducible forever.
public struct Rng: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Uniform integer in 0..<bound by the multiply-high method (bias below 2^-40 here).
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        return Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    public mutating func chance(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// Standard normal by Marsaglia's polar method; the second value is kept for the next call.
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = uniform(-1, 1)
            let v = uniform(-1, 1)
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * DetMath.log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    public mutating func normal(mean: Double, sd: Double) -> Double {
        mean + sd * normal()
    }

    /// Right-skewed positive value, as order amounts and durations are.
    public mutating func lognormal(median: Double, sigma: Double) -> Double {
        median * DetMath.exp(sigma * normal())
    }

    /// Multiplicative noise with median 1: `x * rng.noise(0.1)` varies x by about ±10%.
    public mutating func noise(_ sigma: Double) -> Double {
        DetMath.exp(sigma * normal())
    }

    /// Poisson count: exact (Knuth) for small means, normal approximation for large ones.
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean >= 30 {
            return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
        }
        let limit = DetMath.exp(-mean)
        var product = uniform()
        var count = 0
        while product > limit {
            product *= uniform()
            count += 1
        }
        return count
    }

    /// Successes out of `trials` with the given probability, approximated for large trials.
    public mutating func binomial(_ trials: Int, _ probability: Double) -> Int {
        guard trials > 0, probability > 0 else { return 0 }
        let p = min(probability, 1)
        if trials <= 40 {
            var successes = 0
            for _ in 0..<trials where uniform() < p {
                successes += 1
            }
            return successes
        }
        let mean = Double(trials) * p
        let sd = (mean * (1 - p)).squareRoot()
        return min(trials, max(0, Int((mean + sd * normal()).rounded())))
    }

    /// Index drawn with probability proportional to its weight.
    public mutating func pick(_ weights: [Double]) -> Int {
        var total = 0.0
        for weight in weights {
            total += weight
        }
        var target = uniform() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
