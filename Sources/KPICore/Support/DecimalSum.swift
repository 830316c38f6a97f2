/// A sum of doubles taken as the decimals they are written as: each value counts as its
/// shortest round-trip decimal (`0.1` is 0.1, not 0.1000000000000000055…), those decimals
/// are added exactly, and the total is rounded to a double once.
///
/// So `sum` of a money column gives 440.72 where adding the doubles gives
/// 440.71999999999997, and it gives the same as a database that sums the same decimals
/// exactly (PostgreSQL's numeric, the decimals of float8's text; docs/DESIGN.md, "Pushdown").
/// The order of the values does not matter.
///
/// Hand-written because it is the inner loop of every `sum` and `avg`: a value with few
/// decimals is found by scaling (one multiply, round and divide), exactly, as a 128-bit
/// integer count of units of 10^-scale. Values past that range (1e-30 beside 1e20, say)
/// switch the sum to a compensated double sum, which is what kpi did before.
struct DecimalSum {
    /// The sum in units of 10^-scale.
    private var units: Int128 = 0
    private var scale = 0
    /// 10^scale, kept beside it for the fast path.
    private var power = 1.0
    /// Set once the exact form overflowed: a Neumaier compensated sum from there on.
    private var inexact = false
    private var sum = 0.0, correction = 0.0

    init() {}

    /// The sum `units` × 10^-places, exactly.
    init(units: Int64, places: Int) {
        self.units = Int128(units)
        scale = places
        power = Self.powers[places]
    }

    private static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
    private static let integerPowers: [Int128] = (0...38).map { exponent in
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
    /// Scaled values stay below 2^51: no two decimals of that many places share a double
    /// there (below 2^52 would do), and adding 1.5 × 2^52 rounds them to an integer exactly,
    /// without a call to the C library's round (x86-64's baseline has no rounding instruction).
    private static let limit = 2_251_799_813_685_248.0
    private static let rounder = 6_755_399_441_055_744.0

    @inline(__always)
    mutating func add(_ value: Double) {
        // The common case: a value with no more decimals than those seen so far.
        let scaled = value * power
        if Swift.abs(scaled) < Self.limit, !inexact {
            let rounded = (scaled + Self.rounder) - Self.rounder
            if rounded / power == value {
                let (total, overflow) = units.addingReportingOverflow(Int128(Int64(rounded)))
                if !overflow {
                    units = total
                    return
                }
            }
        }
        addSlowly(value)
    }

    /// Adds the sum of other values: exactly while both sums are exact, so a sum taken in
    /// pieces is the sum taken at once; else as one more double.
    mutating func add(_ other: DecimalSum) {
        if !inexact, !other.inexact { return add(other.units, places: other.scale) }
        if inexact { compensated(other.value) } else { fallBack(adding: other.value) }
    }

    private mutating func addSlowly(_ value: Double) {
        if inexact { return compensated(value) }
        if let (digits, places) = Self.decimal(value, from: scale) ?? (scale > 0 ? Self.decimal(value, from: 0) : nil) {
            add(Int128(digits), places: places)
        } else {
            addWritten(value)
        }
    }

    /// `value` as `digits × 10^-places`, trying `places` from `start` to 17.
    @inline(__always)
    private static func decimal(_ value: Double, from start: Int) -> (Int64, Int)? {
        var places = start
        while places <= 17 {
            let power = powers[places]
            let scaled = value * power
            guard Swift.abs(scaled) < limit else { return nil }
            let rounded = scaled.rounded()
            if rounded / power == value { return (Int64(rounded), places) }
            places += 1
        }
        return nil
    }

    @inline(__always)
    private mutating func add(_ digits: Int128, places: Int) {
        if places > scale {
            let (rescaled, overflow) = units.multipliedReportingOverflow(by: Self.integerPowers[places - scale])
            guard !overflow else { return fallBack(adding: Self.double(digits, places: places)) }
            units = rescaled
            scale = places
            power = places < Self.powers.count ? Self.powers[places] : .infinity  // past 10^22: the slow path
        }
        let (term, overflow) = digits.multipliedReportingOverflow(by: Self.integerPowers[scale - places])
        let (total, overflowed) = units.addingReportingOverflow(term)
        guard !overflow, !overflowed else { return fallBack(adding: Self.double(digits, places: places)) }
        units = total
    }

    /// A value the scaling cannot place (very large or very small): its shortest decimal, read from its text.
    private mutating func addWritten(_ value: Double) {
        guard value.isFinite else { return fallBack(adding: value) }
        let text = value.description
        var mantissa: Int128 = 0, places = 0, exponent = 0, negative = false, afterPoint = false
        var characters = Substring(text)
        if characters.first == "-" {
            negative = true
            characters = characters.dropFirst()
        }
        if let e = characters.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(characters[characters.index(after: e)...]) ?? 0
            characters = characters[..<e]
        }
        for character in characters {
            if character == "." {
                afterPoint = true
            } else if let digit = character.wholeNumberValue {
                mantissa = mantissa * 10 + Int128(digit)
                if afterPoint { places += 1 }
            }
        }
        places -= exponent
        if places < 0 {
            guard -places <= 38 else { return fallBack(adding: value) }
            let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: Self.integerPowers[-places])
            guard !overflow else { return fallBack(adding: value) }
            (mantissa, places) = (scaled, 0)
        }
        guard places <= 38 else { return fallBack(adding: value) }
        add(negative ? -mantissa : mantissa, places: places)
    }

    private mutating func fallBack(adding value: Double) {
        sum = exactValue
        correction = 0
        inexact = true
        compensated(value)
    }

    @inline(__always)
    private mutating func compensated(_ value: Double) {
        let next = sum + value
        correction += Swift.abs(sum) >= Swift.abs(value) ? (sum - next) + value : (value - next) + sum
        sum = next
    }

    /// digits × 10^-places, correctly rounded (through the text when the power is not exact).
    private static func double(_ digits: Int128, places: Int) -> Double {
        if digits.magnitude < (1 << 53), places < powers.count { return Double(digits) / powers[places] }
        return Double("\(digits)e-\(places)") ?? .nan
    }

    /// The exact decimal sum, rounded once to the nearest double.
    private var exactValue: Double { Self.double(units, places: scale) }

    var value: Double { inexact ? sum + correction : exactValue }
}
