import Glibc

/// Parses one field's bytes as a number, date, datetime or bool, without making a `String`.
///
/// Written by hand because it runs once per field of every load (tens of millions
/// of times for a large export); it accepts what real exports contain: currency
/// signs, thousands separators, percentages, accounting negatives `(1,200)`.
enum FieldValueParser {
    /// What a field looks like, for type inference.
    enum Kind {
        case null, bool, number, date, datetime, text
    }

    /// A number and how it was written.
    struct Number {
        var value: Double
        var percent: Bool
        var currency: UInt8
    }

    /// 10^exponent for 0...22, each exact in a Double. A switch rather than a static
    /// array, which costs a lazy-initialisation check at every use (2% of a large load).
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Trims spaces and tabs around a field.
    @inline(__always)
    static func trim(_ p: UnsafePointer<UInt8>, _ count: Int) -> (UnsafePointer<UInt8>, Int) {
        var start = 0, end = count
        while start < end, isSpace(p[start]) { start += 1 }
        while end > start, isSpace(p[end - 1]) { end -= 1 }
        return (p + start, end - start)
    }

    /// Empty, or a token exports use for "no value": NA, N/A, #N/A, null, NULL, NaN, -, none.
    static func isNull(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let (p, n) = trim(p, count)
        if n == 0 { return true }
        if n > 4 { return false }
        var lowered: UInt32 = 0
        for i in 0..<n { lowered = lowered << 8 | UInt32(p[i] | (p[i] >= 0x41 && p[i] <= 0x5A ? 0x20 : 0)) }
        switch n {
        case 1: return lowered == 0x2D  // -
        case 2: return lowered == 0x6E61  // na
        case 3: return lowered == 0x6E2F61 || lowered == 0x6E616E  // n/a nan
        case 4: return lowered == 0x6E756C6C || lowered == 0x236E2F61 || lowered == 0x6E6F6E65  // null #n/a none
        default: return false
        }
    }

    static func classify(_ p: UnsafePointer<UInt8>, _ count: Int) -> Kind {
        if isNull(p, count) { return .null }
        if number(p, count) != nil { return .number }
        if date(p, count) != nil { return .date }
        if datetime(p, count) != nil { return .datetime }
        if bool(p, count) != nil { return .bool }
        return .text
    }

    /// `true`/`false` or `yes`/`no`, in any case.
    static func bool(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool? {
        let (p, n) = trim(p, count)
        func matches(_ word: StaticString) -> Bool {
            guard n == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for i in 0..<n where p[i] | 0x20 != w[i] { return false }
            return true
        }
        if matches("true") || matches("yes") { return true }
        if matches("false") || matches("no") { return false }
        return nil
    }

    /// A decimal number, optionally with sign, currency sign ($ € £ ¥), thousands
    /// separators, exponent, trailing `%`, or accounting parentheses.
    @inline(__always)
    static func number(_ p: UnsafePointer<UInt8>, _ count: Int) -> Number? {
        if let plain = plainDecimal(p, count) { return Number(value: plain, percent: false, currency: 0) }
        var (p, n) = trim(p, count)
        guard n > 0, !isIdentifier(p, n) else { return nil }
        var negative = false, percent = false, currency: UInt8 = 0
        if p[0] == 0x28, p[n - 1] == 0x29 {  // (1,200.00)
            negative = true
            p += 1
            n -= 2
        }
        var i = 0
        if i < n, p[i] == 0x2D || p[i] == 0x2B {
            negative = negative != (p[i] == 0x2D)
            i += 1
        }
        i = skipCurrency(p, n, i, &currency)
        if i < n, currency != 0, p[i] == 0x2D {  // $-5
            negative.toggle()
            i += 1
        }
        if n > i, p[n - 1] == 0x25 {  // %
            percent = true
            n -= 1
            while n > i, isSpace(p[n - 1]) { n -= 1 }
        }
        if currency == 0 {
            let end = skipCurrencySuffix(p, n, &currency)
            n = end
        }
        guard i < n else { return nil }
        var mantissa: UInt64 = 0
        var digits = 0, exponent = 0, sawDigit = false, sawPoint = false
        var groupDigits = -1
        while i < n {
            let c = p[i]
            if c >= 0x30 && c <= 0x39 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    if sawPoint { exponent -= 1 }
                } else if !sawPoint {
                    exponent += 1
                }
                if groupDigits >= 0 { groupDigits += 1 }
            } else if c == 0x2C, !sawPoint, sawDigit, groupDigits == -1 || groupDigits == 3 {  // thousands ,
                groupDigits = 0
            } else if c == 0x2E, !sawPoint {
                if groupDigits >= 0 && groupDigits != 3 { return nil }
                groupDigits = -1
                sawPoint = true
            } else if c == 0x65 || c == 0x45, sawDigit {
                guard let e = exponentValue(p, n, i + 1) else { return nil }
                exponent += e
                i = n
                break
            } else {
                return nil
            }
            i += 1
        }
        if groupDigits >= 0 && groupDigits != 3 { return nil }
        guard sawDigit else { return nil }
        // A percentage is its digits two places further right, rounded once: 3.4% is the
        // double nearest 0.034, not 3.4 / 100 (0.034000000000000004).
        if percent { exponent -= 2 }
        var value: Double
        if digits <= 15, exponent >= -22, exponent <= 22 {
            value = Double(mantissa)
            value = exponent < 0 ? value / powerOfTen(-exponent) : value * powerOfTen(exponent)
        } else {
            value = slowPath(p, n)
            if percent { value /= 100 }
        }
        if negative { value = -value }
        return Number(value: value, percent: percent, currency: currency)
    }

    /// The common case, digits with at most one point and at most 15 digits in
    /// all (so the mantissa is exact and one division by a power of ten rounds
    /// correctly); anything else goes to the full parser.
    @inline(__always)
    private static func plainDecimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count > 0, count <= 15, count == 1 || p[0] != 0x30 || p[1] == 0x2E else { return nil }
        var mantissa: UInt64 = 0
        var decimals = -1
        var sawDigit = false
        for i in 0..<count {
            let digit = p[i] &- 0x30
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                sawDigit = true
                if decimals >= 0 { decimals += 1 }
            } else if p[i] == 0x2E, decimals < 0 {
                decimals = 0
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        return decimals > 0 ? Double(mantissa) / powerOfTen(decimals) : Double(mantissa)
    }

    /// Digits that name something rather than count it: an integer with a leading zero
    /// (`00123`, which as a number would merge with `0123` and `123`), or one past 2^53,
    /// where a Double can no longer hold every integer (ids `…992` and `…993` would merge).
    /// Such fields are text, kept exactly as written.
    static func isIdentifier(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let start = n > 0 && p[0] == 0x2D ? 1 : 0
        guard n - start >= 2 else { return false }
        for i in start..<n where p[i] &- 0x30 >= 10 { return false }
        if p[start] == 0x30 { return true }
        guard n - start >= 16 else { return false }
        if n - start > 19 { return true }
        var value: UInt64 = 0
        for i in start..<n { value = value &* 10 &+ UInt64(p[i] &- 0x30) }
        return value > 1 << 53
    }

    private static func exponentValue(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int? {
        var i = start, negative = false, value = 0
        if i < n, p[i] == 0x2D || p[i] == 0x2B {
            negative = p[i] == 0x2D
            i += 1
        }
        guard i < n else { return nil }
        while i < n {
            guard p[i] >= 0x30 && p[i] <= 0x39 else { return nil }
            value = min(value * 10 + Int(p[i] - 0x30), 10_000)
            i += 1
        }
        return negative ? -value : value
    }

    /// Leading `$`, `€` (E2 82 AC), `£` (C2 A3), `¥` (C2 A5); returns the index after it.
    private static func skipCurrency(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ currency: inout UInt8) -> Int {
        guard i < n else { return i }
        if p[i] == 0x24 { currency = 0x24; return i + 1 }
        if i + 2 < n, p[i] == 0xE2, p[i + 1] == 0x82, p[i + 2] == 0xAC { currency = 0xAC; return i + 3 }
        if i + 1 < n, p[i] == 0xC2, p[i + 1] == 0xA3 || p[i + 1] == 0xA5 { currency = p[i + 1]; return i + 2 }
        return i
    }

    /// A trailing ` €` as European exports write it; returns the new end.
    private static func skipCurrencySuffix(_ p: UnsafePointer<UInt8>, _ n: Int, _ currency: inout UInt8) -> Int {
        var end = n
        if end >= 3, p[end - 3] == 0xE2, p[end - 2] == 0x82, p[end - 1] == 0xAC {
            currency = 0xAC
            end -= 3
        } else if end >= 2, p[end - 2] == 0xC2, p[end - 1] == 0xA3 || p[end - 1] == 0xA5 {
            currency = p[end - 1]
            end -= 2
        } else {
            return n
        }
        while end > 0, isSpace(p[end - 1]) { end -= 1 }
        return end
    }

    /// Exact conversion for long mantissas or large exponents: `strtod` on the
    /// digits with separators removed.
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double {
        var buffer = [CChar]()
        buffer.reserveCapacity(n + 1)
        for i in 0..<n {
            let c = p[i]
            if (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2D || c == 0x2B {
                buffer.append(CChar(bitPattern: c))
            }
        }
        buffer.append(0)
        return buffer.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }

    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<start + count {
            let c = p[i] &- 0x30
            guard c < 10 else { return nil }
            value = value * 10 + Int(c)
        }
        return value
    }

    /// `YYYY-MM-DD` (or `YYYY/MM/DD`) as a day number.
    @inline(__always)
    static func date(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let (p, n) = trim(p, count)
        guard n == 10 else { return nil }
        return datePart(p)
    }

    @inline(__always)
    private static func datePart(_ p: UnsafePointer<UInt8>) -> Int? {
        let separator = p[4]
        guard separator == 0x2D || separator == 0x2F, p[7] == separator,
              let year = digits(p, 0, 4), let month = digits(p, 5, 2), let day = digits(p, 8, 2),
              month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilDate.days(year: year, month: month, day: day)
    }

    /// How a datetime was written: without a zone (taken as UTC), with `Z`, or with a
    /// non-zero offset (whose UTC day may differ from the date as written).
    enum Zone {
        case none, utc, offset
    }

    /// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]` as seconds since the epoch (UTC).
    static func datetime(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var zone = Zone.none
        return datetime(p, count, zone: &zone)
    }

    /// The same, saying how the zone was written.
    static func datetime(_ p: UnsafePointer<UInt8>, _ count: Int, zone: inout Zone) -> Double? {
        let (p, n) = trim(p, count)
        guard n >= 16, let day = datePart(p), p[10] == 0x54 || p[10] == 0x20 || p[10] == 0x74,
              let hour = digits(p, 11, 2), p[13] == 0x3A, let minute = digits(p, 14, 2),
              hour < 24, minute < 60 else { return nil }
        var seconds = Double(day * 86_400 + hour * 3600 + minute * 60)
        var i = 16
        if i < n, p[i] == 0x3A {
            guard i + 2 < n + 0, let second = digits(p, i + 1, 2), second < 61 else { return nil }
            seconds += Double(second)
            i += 3
            if i < n, p[i] == 0x2E || p[i] == 0x2C {
                i += 1
                var scale = 0.1
                while i < n, p[i] >= 0x30, p[i] <= 0x39 {
                    seconds += Double(p[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        let suffix = i
        guard let offset = zoneOffset(p, n, &i), i == n else { return nil }
        zone = offset != 0 ? .offset : (i > suffix ? .utc : .none)
        return seconds - Double(offset)
    }

    /// A time zone suffix in seconds east of UTC; `Z` or none is 0.
    private static func zoneOffset(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Int? {
        if i < n, p[i] == 0x20 { i += 1 }
        guard i < n else { return 0 }
        if p[i] == 0x5A || p[i] == 0x7A {
            i += 1
            return 0
        }
        guard p[i] == 0x2B || p[i] == 0x2D else { return nil }
        let sign = p[i] == 0x2D ? -1 : 1
        i += 1
        guard i + 2 <= n, let hours = digits(p, i, 2) else { return nil }
        i += 2
        if i < n, p[i] == 0x3A { i += 1 }
        var minutes = 0
        if i + 2 <= n, let m = digits(p, i, 2) {
            minutes = m
            i += 2
        }
        return sign * (hours * 3600 + minutes * 60)
    }
}
