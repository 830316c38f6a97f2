/// Transcendental functions built from + − × ÷ only.
///
/// libm results may differ in the last bit between platforms and library versions; these
/// never do, because IEEE 754 fixes the result of each basic operation. That keeps every
/// generated file, and every simulation with a seed, the same on every machine.
public enum DetMath {
    public static let ln2 = 0.6931471805599453
    public static let pi = 3.141592653589793

    /// e^x by range reduction to |r| ≤ ln2/2 and a Taylor series.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < -700 { return 0 }
        if x > 700 { return .infinity }
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...18 {
            term *= r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    /// `exp` with the series written out in Horner's form with constant coefficients
    /// (13 terms reach double precision for |r| ≤ ln2/2): no division, a fifth of the time,
    /// for the copula's hot loop. `exp` keeps its series so that existing draws and the
    /// sample generator's output never change.
    @inline(__always)
    public static func quickExp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < -700 { return 0 }
        if x > 700 { return .infinity }
        let k = (x * 1.4426950408889634).rounded()
        let r = x - k * ln2
        let series = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
            + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362_880 + r * (1.0 / 3_628_800 + r * (1.0 / 39_916_800
            + r * (1.0 / 479_001_600 + r * (1.0 / 6_227_020_800)))))))))))))
        // 2^k from its bits: k is within the exponent's normal range here.
        guard k > -1022 else { return series * Double(sign: .plus, exponent: Int(k), significand: 1) }
        return series * Double(bitPattern: UInt64(1023 + Int(k)) << 52)
    }

    /// Natural log by splitting off the binary exponent and the atanh series of the rest.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0, "log of a non-positive number")
        let (exponent, mantissa) = reduced(x)
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        for n in stride(from: 1, through: 39, by: 2) {
            sum += term / Double(n)
            term *= s2
        }
        return 2 * sum + Double(exponent) * ln2
    }

    /// x = mantissa × 2^exponent with the mantissa in [√2/2, √2], where the series converges fast.
    @inline(__always)
    private static func reduced(_ x: Double) -> (Int, Double) {
        var exponent = Int(x.exponent)
        var mantissa = x.significand
        if mantissa > 1.4142135623730951 {
            mantissa /= 2
            exponent += 1
        }
        return (exponent, mantissa)
    }

    /// `log` with the series cut at ten terms, which already reaches double precision
    /// (|s| ≤ 0.172, so the next term is below 1e-17 of the result), written out with
    /// constant divisors: twice as fast for the simulator's hot loop. `log` keeps its
    /// twenty terms so the sample generator's output never changes.
    @inline(__always)
    public static func quickLog(_ x: Double) -> Double {
        let (exponent, mantissa) = reduced(x)
        let s = (mantissa - 1) / (mantissa + 1)
        let z = s * s
        let series = 1 + z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11 + z * (1.0 / 13
            + z * (1.0 / 15 + z * (1.0 / 17 + z * (1.0 / 19)))))))))
        return 2 * s * series + Double(exponent) * ln2
    }

    /// sin x by reduction to [−π, π] and a Taylor series (arguments here are small).
    public static func sin(_ x: Double) -> Double {
        let twoPi = 2 * pi
        let r = x - (x / twoPi).rounded() * twoPi
        let r2 = r * r
        var term = r
        var sum = r
        for n in stride(from: 2, through: 44, by: 2) {
            term *= -r2 / Double(n * (n + 1))
            sum += term
        }
        return sum
    }

    public static func cos(_ x: Double) -> Double {
        sin(x + pi / 2)
    }
}
