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

    /// The day of a civil date (KPICore's calendar, which the loader reads dates with).
    init(_ year: Int, _ month: Int, _ day: Int) {
        index = CivilDate.days(year: year, month: month, day: day)
    }

    /// The civil date of the day.
    var components: (year: Int, month: Int, day: Int) { CivilDate.civil(index) }

    /// 0 = Monday … 6 = Sunday.
    var weekday: Int { CivilDate.weekday(index) }

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
