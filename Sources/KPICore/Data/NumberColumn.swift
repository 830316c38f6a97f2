/// A number column's values, one per row, read as `Double` (`nan` a null) but stored in
/// four bytes a row where the file allows: as whole numbers of 10^-places (prices in
/// cents, counts as they are).
///
/// Marketing exports are counts and money with two decimals, which a 32-bit integer holds
/// exactly: a 10M-row table of six such columns is 240 MB instead of 480, and a load writes
/// (and faults in) half the pages. The stored integer divided by 10^places is the value the
/// file's text parses to, bit for bit, so nothing a user sees depends on the width; a sum
/// of them is an exact integer sum, which is what `DecimalSum` makes of the doubles.
public struct NumberColumn: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    enum Storage: Sendable {
        case doubles([Double])
        /// Values times 10^places; `NumberColumn.nullUnits` marks a null.
        case scaled([Int32], places: Int)
    }

    let storage: Storage

    /// The integer that marks a null in scaled storage.
    static let nullUnits = Int32.min
    /// The integer a reader writes for a value scaled storage cannot hold exactly (the
    /// value is kept aside, and the column becomes doubles when it is finished).
    static let misfitUnits = Int32.min + 1
    /// Scaled storage holds units below this in magnitude: short of `Int32.max`, and far
    /// from the two marks.
    static let unitLimit: Int64 = 2_147_483_000
    /// The most decimals scaled storage is chosen for.
    static let maximumPlaces = 6

    /// 10^0 … 10^maximumPlaces, as doubles (exact) and as integers.
    static let powers: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    static let integerPowers: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    public init(_ doubles: [Double]) {
        storage = .doubles(doubles)
    }

    public init(arrayLiteral values: Double...) {
        storage = .doubles(values)
    }

    /// Units of 10^-places, as a reader wrote them.
    init(units: [Int32], places: Int) {
        storage = .scaled(units, places: places)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .doubles(let values): values.count
        case .scaled(let units, _): units.count
        }
    }

    @inline(__always)
    public subscript(row: Int) -> Double {
        switch storage {
        case .doubles(let values): return values[row]
        case .scaled(let units, let places):
            let stored = units[row]
            return stored == Self.nullUnits ? .nan : Double(stored) / Self.powers[places]
        }
    }

    /// Every value as a double, for arithmetic across columns.
    public var doubles: [Double] {
        switch storage {
        case .doubles(let values): values
        case .scaled: Array(self)
        }
    }

    /// Bytes a row takes.
    public var width: Int {
        switch storage {
        case .doubles: 8
        case .scaled: 4
        }
    }

    /// `value` in units of 10^-places, when that integer, divided back, is `value` exactly
    /// and fits scaled storage (not the null or misfit marks); nil otherwise.
    @inline(__always)
    static func units(of value: Double, places: Int) -> Int32? {
        let power = powers[places], scaled = value * power
        guard Swift.abs(scaled) < Double(unitLimit) else { return nil }
        let whole = Int32(scaled + (scaled < 0 ? -0.5 : 0.5))
        return Double(whole) / power == value ? whole : nil
    }
}
