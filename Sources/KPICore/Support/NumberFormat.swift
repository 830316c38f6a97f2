/// Numbers as people read them: `1,234.5`, `4.2%`, `$1,200.50`. The one number
/// formatter of kpi: KPIRender words values with it, and the core's messages use it.
///
/// Hand-written (no Foundation formatter) so output is the same on every machine
/// and locale, which replayed sessions and their recorded output rely on.
public enum NumberFormat {
    /// `value` with thousands separators and at most `decimals` decimals
    /// (trailing zeros dropped unless `fixed`).
    public static func format(_ value: Double, decimals: Int = 4, fixed: Bool = false) -> String {
        guard value.isFinite else { return "—" }
        let scale = pow10(decimals)
        let magnitude = abs(value)
        guard magnitude * scale < 9.0e18 else { return value.description }
        let scaled = UInt64((magnitude * scale).rounded())
        let whole = scaled / UInt64(scale), fraction = scaled % UInt64(scale)
        var text = grouped(whole)
        if decimals > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: decimals - digits.count) + digits
            if !fixed { while digits.hasSuffix("0") { digits.removeLast() } }
            if !digits.isEmpty { text += "." + digits }
        }
        return (value < 0 && scaled > 0 ? "-" : "") + text
    }

    /// How many decimals (at most `limit`) show `value` without losing digits, so a
    /// column can print all its numbers with the same decimals and they line up.
    public static func decimalsNeeded(_ value: Double, limit: Int = 4) -> Int {
        guard value.isFinite else { return 0 }
        var scaled = abs(value)
        for decimals in 0..<limit {
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, scaled) { return decimals }
            scaled *= 10
        }
        return limit
    }

    /// A fraction as a percentage: 0.042 → `4.2%`.
    public static func percent(_ value: Double, decimals: Int = 1) -> String {
        format(value * 100, decimals: decimals) + "%"
    }

    /// Money with a currency sign and two decimals: `$1,200.50`, `-$5.00`.
    public static func money(_ value: Double, sign: String) -> String {
        let text = format(abs(value), decimals: 2, fixed: true)
        return (value < 0 ? "-" : "") + sign + text
    }

    /// A number as it can be typed back (no grouping, at most 6 decimals): what messages
    /// quote and what `solve … as scenario` writes into the scenario's text.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String((value * 1e6).rounded() / 1e6)
    }

    /// A number as it can be typed back, to `digits` significant digits (`0.0432`,
    /// `-0.1851`, `1234`): a fitted parameter written as the language would.
    public static func plain(_ value: Double, significant digits: Int) -> String {
        guard value.isFinite, value != 0 else { return plain(value) }
        var magnitude = 0, scaled = abs(value)
        while scaled >= 10 { scaled /= 10; magnitude += 1 }
        while scaled < 1 { scaled *= 10; magnitude -= 1 }
        let decimals = max(0, digits - 1 - magnitude)
        let text = String(format(abs(value), decimals: min(decimals, 12)).filter { $0 != "," })
        return (value < 0 ? "-" : "") + text
    }

    /// A change with its sign: `+4.6%` for a rate (one decimal, kept), `+120` for an amount.
    public static func signedChange(_ value: Double, relative: Bool) -> String {
        let sign = value >= 0 ? "+" : "-"
        return sign + (relative ? format(abs(value) * 100, decimals: 1, fixed: true) + "%" : format(abs(value), decimals: 2))
    }

    /// A count: `12,420`.
    public static func count(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(UInt64(value.magnitude))
    }

    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }

    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
