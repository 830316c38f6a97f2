/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01).
///
/// Hand-written rather than Foundation's `Calendar` because loading converts
/// millions of dates and needs a few integer operations per date, no allocation.
public enum CivilDate {
    /// Days since 1970-01-01 for a year, month (1–12) and day (1–31).
    /// (Howard Hinnant's `days_from_civil`.)
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month and day of a day number (inverse of `days`).
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    public static func weekday(_ days: Int) -> Int {
        ((days + 3) % 7 + 7) % 7
    }

    /// ISO 8601 week-numbering year and week of a day.
    public static func isoWeek(_ days: Int) -> (year: Int, week: Int) {
        let thursday = days - weekday(days) + 3
        let year = civil(thursday).year
        return (year, (thursday - self.days(year: year, month: 1, day: 1)) / 7 + 1)
    }

    /// Number of ISO weeks (52 or 53) in an ISO week-numbering year.
    public static func isoWeeksInYear(_ year: Int) -> Int {
        isoWeek(days(year: year, month: 12, day: 28)).week
    }

    /// `YYYY-MM-DD`.
    public static func format(_ days: Int) -> String {
        let (y, m, d) = civil(days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `YYYY-MM-DD HH:MM:SS` (UTC) for seconds since the epoch; fractions only when present.
    public static func formatDateTime(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        let day = Int((whole / 86_400).rounded(.down))
        let secondOfDay = Int(whole) - day * 86_400
        var text = format(day) + " " + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2)
            + ":" + pad(secondOfDay % 60, 2)
        let fraction = seconds - whole
        if fraction > 0.000_5 {
            text += "." + pad(Int((fraction * 1000).rounded()), 3)
        }
        return text
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
