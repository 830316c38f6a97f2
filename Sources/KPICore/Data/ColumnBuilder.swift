/// Writes one column's values of one chunk of a file, in the column's inferred type, into
/// the column's final storage from the chunk's first row on (`ColumnStorage`).
///
/// A value that does not fit the type (text in a number column) is recorded in
/// `widened`, and the loader re-reads the file with the wider type. The caller keeps
/// `count` under the capacity it was given: a write is one store, with no bounds or
/// uniqueness check, because it runs once per field of a load. Sendable: each builder
/// writes its own rows of the storage, which no other builder touches.
struct ColumnBuilder: @unchecked Sendable {
    let type: ColumnType
    /// The row in the column's storage where this chunk's first value went.
    let firstRow: Int
    /// Where this chunk's first value goes; nil for a column of nulls.
    private let storage: UnsafeMutableRawPointer?
    /// Text codes are stored in two bytes a row (`ColumnDestination.shortCodes`).
    private let shortCodes: Bool
    /// Numbers are stored in units of 10^-places (`ColumnDestination.scaled`); -1 for doubles.
    private let places: Int
    /// Values written so far.
    private(set) var count = 0
    var dictionary = TextDictionary()
    var percent = false
    var currency: UInt8 = 0
    /// The type this column must become, when a value did not fit `type`.
    var widened: ColumnType?
    /// A text code past what two bytes hold was written.
    private(set) var codesOverflowed = false
    /// Numbers that scaled storage could not hold exactly, in row order: their rows hold
    /// `NumberColumn.misfitUnits`, and the column is finished as doubles.
    private(set) var misfits: [Double] = []
    /// Datetimes written with a non-zero UTC offset, and without any zone.
    var zones = ZoneTally()

    init(type: ColumnType, storage: ColumnDestination, firstRow: Int) {
        self.type = type
        self.firstRow = firstRow
        let destination = storage.advanced(by: firstRow)
        self.storage = destination.raw
        if case .shortCodes = destination { shortCodes = true } else { shortCodes = false }
        if case .scaled(_, let places) = destination { self.places = places } else { places = -1 }
    }

    /// Stores the next value: the builder's storage holds values of its type (`ColumnStorage.Kind`).
    @inline(__always)
    private mutating func write<T: BitwiseCopyable>(_ value: T) {
        storage?.storeBytes(of: value, toByteOffset: count &* MemoryLayout<T>.stride, as: T.self)
        count += 1
    }

    /// A text code: in two bytes unless it does not fit (`codesOverflowed`: the column is
    /// read again four bytes a row).
    @inline(__always)
    private mutating func write(code: Int32) {
        guard shortCodes else { return write(code) }
        if code >= Int32(UInt16.max) { codesOverflowed = true }
        write(code < 0 ? UInt16.max : UInt16(truncatingIfNeeded: code))
    }

    /// A number in the column's storage: in scaled storage its units, or a misfit.
    @inline(__always)
    private mutating func write(number value: Double) {
        guard places >= 0 else { return write(value) }
        if value.isNaN {
            write(NumberColumn.nullUnits)
        } else if let units = NumberColumn.units(of: value, places: places) {
            write(units)
        } else {
            misfit(value)
        }
    }

    private mutating func misfit(_ value: Double) {
        misfits.append(value)
        write(NumberColumn.misfitUnits)
    }

    /// A number the reader parsed itself, written as plain digits: `mantissa` × 10^-decimals
    /// (at most 15 digits, so one division rounds exactly). In scaled storage with as many
    /// decimals as the column's (the usual case: every price has two) the digits are the
    /// units, and no double is made.
    @inline(__always)
    mutating func append(mantissa: UInt64, decimals: Int) {
        if decimals == places, mantissa < UInt64(NumberColumn.unitLimit) {
            return write(Int32(truncatingIfNeeded: mantissa))
        }
        let value = decimals > 0 ? Double(mantissa) / FieldValueParser.powerOfTen(decimals) : Double(mantissa)
        if places < 0 { return write(value) }
        appendRescaled(mantissa, decimals: decimals, value: value)
    }

    /// Digits with fewer decimals than the column's (`27.5` among prices), or more that are
    /// zeros (`500.00` where the first rows needed none), or a misfit.
    private mutating func appendRescaled(_ mantissa: UInt64, decimals: Int, value: Double) {
        let shift = places - decimals
        if shift < 0 {
            guard -shift < NumberColumn.integerPowers.count else { return write(number: value) }
            let divisor = UInt64(NumberColumn.integerPowers[-shift])
            guard mantissa % divisor == 0, mantissa / divisor < Self.unitLimits[0] else { return misfit(value) }
            return write(Int32(truncatingIfNeeded: mantissa / divisor))
        }
        guard mantissa < Self.unitLimits[shift] else { return misfit(value) }
        write(Int32(truncatingIfNeeded: Int64(mantissa) * NumberColumn.integerPowers[shift]))
    }

    /// The largest digits that, shifted left by k decimal places, stay in scaled storage.
    private static let unitLimits: [UInt64] = NumberColumn.integerPowers.map { UInt64(NumberColumn.unitLimit / $0) }

    /// A date the reader parsed itself.
    @inline(__always)
    mutating func append(day: Int32) { write(day) }

    /// Text whose `TextDictionary.hash` the reader computed while scanning it.
    @inline(__always)
    mutating func append(text p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) {
        write(code: n == 0 ? ColumnData.nullCode : dictionary.code(for: p, n, hash: hash))
    }

    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        switch type {
        case .number:
            if let number = FieldValueParser.number(p, n) {
                write(number: number.value)
                if number.percent { percent = true }
                if number.currency != 0 { currency = number.currency }
            } else {
                write(number: .nan)
                if !FieldValueParser.isNull(p, n) { widen(p, n) }
            }
        case .date:
            if let day = FieldValueParser.date(p, n) {
                write(Int32(truncatingIfNeeded: day))
            } else {
                write(ColumnData.nullDate)
                if !FieldValueParser.isNull(p, n) { widen(p, n) }
            }
        case .datetime:
            var zone = FieldValueParser.Zone.none
            if let seconds = FieldValueParser.datetime(p, n, zone: &zone) {
                write(seconds)
                switch zone {
                case .offset: zones.offsets += 1
                case .none: zones.unzoned += 1
                case .utc: break
                }
            } else if let day = FieldValueParser.date(p, n) {
                write(Double(day) * 86_400)
                zones.unzoned += 1
            } else {
                write(Double.nan)
                if !FieldValueParser.isNull(p, n) { widen(p, n) }
            }
        case .text:
            write(code: n == 0 ? ColumnData.nullCode : dictionary.code(for: p, n))
        case .bool:
            if let value = FieldValueParser.bool(p, n) {
                write(value ? UInt8(1) : 0)
            } else {
                write(ColumnData.nullBool)
                if !FieldValueParser.isNull(p, n) { widen(p, n) }
            }
        case .null:
            count += 1
            if !FieldValueParser.isNull(p, n) { widen(p, n) }
        }
    }

    private mutating func widen(_ p: UnsafePointer<UInt8>, _ n: Int) {
        let kind = TypeInference.type(of: FieldValueParser.classify(p, n))
        widened = TypeInference.join(widened ?? type, kind)
    }
}

/// How a datetime column's values were written: with a non-zero UTC offset, or with no
/// zone. Both in one column means some rows are placed by their UTC day, others as written.
public struct ZoneTally: Sendable, Equatable {
    public var offsets = 0
    public var unzoned = 0

    static func + (a: ZoneTally, b: ZoneTally) -> ZoneTally {
        ZoneTally(offsets: a.offsets + b.offsets, unzoned: a.unzoned + b.unzoned)
    }
}

/// Chooses a column type from the kinds of values seen in it.
enum TypeInference {
    static func type(of kind: FieldValueParser.Kind) -> ColumnType {
        switch kind {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .date: return .date
        case .datetime: return .datetime
        case .text: return .text
        }
    }

    /// The narrowest type that holds values of both types.
    static func join(_ a: ColumnType, _ b: ColumnType) -> ColumnType {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if Set([a, b]) == [.date, .datetime] { return .datetime }
        return .text
    }
}
