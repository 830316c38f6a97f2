import KPICore

/// Shared shapes of marketing time series, so every dataset tells the same story.
enum Season {
    /// Yearly wave: a summer lull, a Q4 climb, and the Black Friday / Cyber Monday peak.
    static func yearly(_ day: Day) -> Double {
        let doy = Double(day.dayOfYear)
        let wave = 0.08 * DetMath.cos(2 * DetMath.pi * (doy / 365.25 - 0.9))
        let offset = (doy - 331) / 10
        let blackFriday = 0.30 * DetMath.exp(-offset * offset)
        return 1 + wave + blackFriday
    }

    /// Gentle linear growth: `perYear` = 0.12 means +12% a year after `start`.
    static func trend(_ day: Day, since start: Day, perYear: Double) -> Double {
        1 + perYear * Double(day.index - start.index) / 365.25
    }

    /// Weekday factor: 1 on weekdays, `weekend` on Saturday and Sunday.
    static func weekly(_ day: Day, weekend: Double) -> Double {
        day.isWeekend ? weekend : 1
    }

    /// The quiet days between Christmas Eve and New Year's Day, when B2B activity drops.
    static func isHolidayLull(_ day: Day) -> Bool {
        let (_, month, dayOfMonth) = day.components
        return (month == 12 && dayOfMonth >= 24) || (month == 1 && dayOfMonth == 1)
    }
}

/// Named events that appear in several datasets, so cross-dataset questions have answers.
enum Events {
    /// Spring social campaign: social spend nearly doubles, search is pushed too.
    static let springCampaign = DayRange(first: Day(2025, 3, 10), last: Day(2025, 3, 30))
    /// Display paused for a week after a brand-safety problem: zero spend, zero everything.
    static let displayPause = DayRange(first: Day(2025, 8, 11), last: Day(2025, 8, 17))
    /// Summer shipping delays: ticket surge, negative social sentiment.
    static let shippingDelays = DayRange(first: Day(2025, 7, 7), last: Day(2025, 7, 20))
    /// Web analytics tag broken for a day: traffic under-counted.
    static let trackingOutage = DayRange(first: Day(2025, 10, 14), last: Day(2025, 10, 14))
    /// A search-engine core update costs organic traffic, recovering over two months.
    static let coreUpdate = Day(2026, 3, 16)
    /// Product launch: search and email pushed, better conversion.
    static let productLaunch = DayRange(first: Day(2026, 5, 4), last: Day(2026, 5, 24))
    /// A new helpdesk tool shortens resolution times from here on.
    static let newHelpdesk = Day(2026, 2, 2)
}
