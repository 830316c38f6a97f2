/// The unit of time that metrics are computed per.
public enum Grain: String, Sendable, CaseIterable, Comparable {
    case day, week, month, quarter, year

    public static func < (a: Grain, b: Grain) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The word used in messages: "per month".
    public var noun: String { rawValue }
}

/// One period of a grain, as a single integer so period indexes are plain arrays.
///
/// `ordinal` counts: days since 1970-01-01; weeks since the ISO week of
/// 1970-01-01 (Monday 1969-12-29); months as `year * 12 + month - 1`; quarters
/// as `year * 4 + quarter - 1`; years as the year.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var grain: Grain
    public var ordinal: Int

    public init(grain: Grain, ordinal: Int) {
        self.grain = grain
        self.ordinal = ordinal
    }

    /// The period of `grain` containing day number `day`.
    @inline(__always)
    public init(containing day: Int, grain: Grain) {
        self.grain = grain
        switch grain {
        case .day:
            ordinal = day
        case .week:
            ordinal = Self.floorDiv(day + 3, 7)
        case .month, .quarter, .year:
            let (y, m, _) = CivilDate.civil(day)
            ordinal = grain == .month ? y * 12 + m - 1 : grain == .quarter ? y * 4 + (m - 1) / 3 : y
        }
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The first day (day number) of the period.
    /// The day number of the period's last day.
    public var lastDay: Int { Period(grain: grain, ordinal: ordinal + 1).firstDay - 1 }

    public var firstDay: Int {
        switch grain {
        case .day: return ordinal
        case .week: return ordinal * 7 - 3
        case .month: return CivilDate.days(year: Self.floorDiv(ordinal, 12), month: ordinal - Self.floorDiv(ordinal, 12) * 12 + 1, day: 1)
        case .quarter:
            let year = Self.floorDiv(ordinal, 4)
            return CivilDate.days(year: year, month: (ordinal - year * 4) * 3 + 1, day: 1)
        case .year: return CivilDate.days(year: ordinal, month: 1, day: 1)
        }
    }

    /// Parses a period literal: `2026-03-15`, `2026-W05`, `2026-03`, `2026-Q1`, `2026`.
    /// The year a bare number names where a period is expected (`2026`): a whole number
    /// of four digits, or nil.
    static func year(_ value: Double) -> Period? {
        guard value == value.rounded(), value >= 1000, value <= 9999 else { return nil }
        return Period(grain: .year, ordinal: Int(value))
    }

    public init?(literal: String) {
        let parts = literal.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        switch parts.count {
        case 1:
            self.init(grain: .year, ordinal: year)
        case 2 where parts[1].hasPrefix("W"):
            guard parts[1].count == 3, let week = Int(parts[1].dropFirst()),
                  week >= 1, week <= CivilDate.isoWeeksInYear(year) else { return nil }
            let jan4 = CivilDate.days(year: year, month: 1, day: 4)
            let monday = jan4 - CivilDate.weekday(jan4) + (week - 1) * 7
            self.init(containing: monday, grain: .week)
        case 2 where parts[1].hasPrefix("Q"):
            guard parts[1].count == 2, let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) else { return nil }
            self.init(grain: .quarter, ordinal: year * 4 + quarter - 1)
        case 2:
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self.init(grain: .month, ordinal: year * 12 + month - 1)
        case 3:
            guard parts[1].count == 2, parts[2].count == 2, let month = Int(parts[1]), let day = Int(parts[2]),
                  (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
            self.init(grain: .day, ordinal: CivilDate.days(year: year, month: month, day: day))
        default:
            return nil
        }
    }

    /// The period written as a literal, the way it is typed.
    public var description: String {
        switch grain {
        case .day: return CivilDate.format(ordinal)
        case .week:
            let (year, week) = CivilDate.isoWeek(firstDay)
            return "\(year)-W" + CivilDate.pad(week, 2)
        case .month:
            let year = Self.floorDiv(ordinal, 12)
            return "\(year)-" + CivilDate.pad(ordinal - year * 12 + 1, 2)
        case .quarter:
            let year = Self.floorDiv(ordinal, 4)
            return "\(year)-Q\(ordinal - year * 4 + 1)"
        case .year: return String(ordinal)
        }
    }

    public static func < (a: Period, b: Period) -> Bool { a.ordinal < b.ordinal }
}
