import KPICore

/// A calendar day as a count of days since 1970-01-01 (proleptic Gregorian).
///
/// Dates come from this arithmetic, never from the clock or a time zone, so the generated
/// files are the same wherever and whenever they are produced.
struct Day: Comparable, Strideable, Sendable {
    let index: Int

    init(index: Int) {
        self.index = index
    }

    /// Days from civil date (Howard Hinnant's algorithm).
    init(_ year: Int, _ month: Int, _ day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        index = era * 146_097 + dayOfEra - 719_468
    }

    /// Civil date from days (the inverse of `init(_:_:_:)`).
    var components: (year: Int, month: Int, day: Int) {
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int {
        ((index % 7) + 7 + 3) % 7
    }

    var isWeekend: Bool {
        weekday >= 5
    }

    /// 1-based day of the year.
    var dayOfYear: Int {
        index - Day(components.year, 1, 1).index + 1
    }

    func distance(to other: Day) -> Int {
        other.index - index
    }

    func advanced(by n: Int) -> Day {
        Day(index: index + n)
    }

    static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.index < rhs.index
    }
}

/// An inclusive span of days, for campaigns and incidents.
struct DayRange: Sendable {
    let first: Day
    let last: Day

    func contains(_ day: Day) -> Bool {
        day >= first && day <= last
    }
}
