import KPICore

/// Traffic and engagement habits of one source.
private struct SourceModel {
    let name: String
    let dailySessions: Double
    let newShare: Double
    let bounceRate: Double
    let weekend: Double
}

/// `samples/web_traffic.csv`: daily sessions per source × new/returning, 2025-01 … 2026-10.
///
/// Bounce rate, pages and time per visit differ between new and returning visitors; a
/// one-day tracking outage and a search core update give anomalies worth finding.
enum WebTrafficSample {
    static let first = Day(2025, 1, 1)
    static let last = Day(2026, 10, 31)

    private static let sources = [
        SourceModel(name: "organic", dailySessions: 900, newShare: 0.65, bounceRate: 0.45, weekend: 0.7),
        SourceModel(name: "paid", dailySessions: 500, newShare: 0.75, bounceRate: 0.55, weekend: 0.75),
        SourceModel(name: "social", dailySessions: 300, newShare: 0.70, bounceRate: 0.60, weekend: 1.1),
        SourceModel(name: "email", dailySessions: 150, newShare: 0.20, bounceRate: 0.35, weekend: 0.4),
        SourceModel(name: "direct", dailySessions: 400, newShare: 0.35, bounceRate: 0.40, weekend: 0.75),
        SourceModel(name: "referral", dailySessions: 120, newShare: 0.60, bounceRate: 0.42, weekend: 0.8),
    ]

    static func write(to path: String) throws(OutputError) -> Int {
        var rng = Rng(seed: 0x4D4B_5403)
        var out = try CSVWriter(path: path)
        out.text("date,source,visitor_type,sessions,unique_visitors,bounces,pageviews,time_on_site_sec\n")
        var rows = 0
        for day in first...last {
            for source in sources {
                let total = source.dailySessions * sessionFactor(day, source)
                writeRow(day, source, returning: false, total * source.newShare, &rng, &out)
                try out.newline()
                writeRow(day, source, returning: true, total * (1 - source.newShare), &rng, &out)
                try out.newline()
                rows += 2
            }
        }
        try out.close()
        return rows
    }

    private static func sessionFactor(_ day: Day, _ source: SourceModel) -> Double {
        var factor = Season.yearly(day) * Season.weekly(day, weekend: source.weekend)
        factor *= Season.trend(day, since: first, perYear: 0.10)
        if Events.trackingOutage.contains(day) {
            factor *= 0.35
        }
        factor *= campaignFactor(day, source.name)
        if source.name == "organic" && day >= Events.coreUpdate {
            let daysSince = Double(day.index - Events.coreUpdate.index)
            factor *= 1 - 0.18 * max(0, 1 - daysSince / 60)
        }
        return factor
    }

    private static func campaignFactor(_ day: Day, _ source: String) -> Double {
        if Events.springCampaign.contains(day) {
            return source == "social" ? 1.8 : source == "paid" ? 1.2 : 1
        }
        if Events.productLaunch.contains(day) {
            return source == "email" ? 2.0 : source == "paid" ? 1.5 : 1.1
        }
        return 1
    }

    private static func writeRow(
        _ day: Day, _ source: SourceModel, returning: Bool, _ expected: Double,
        _ rng: inout Rng, _ out: inout CSVWriter
    ) {
        let sessions = rng.poisson(expected)
        let visitsPerVisitor = returning ? rng.uniform(1.3, 1.8) : rng.uniform(1.03, 1.12)
        let visitors = min(sessions, Int((Double(sessions) / visitsPerVisitor).rounded()))
        let bounceRate = source.bounceRate - (returning ? 0.10 : 0)
        let bounces = rng.binomial(sessions, bounceRate * rng.noise(0.05))
        let engaged = sessions - bounces
        let pagesPerVisit = returning ? 3.8 : 2.6
        let pageviews = bounces + engaged + rng.poisson(Double(engaged) * (pagesPerVisit - 1))
        let secondsPerVisit = (returning ? 230.0 : 150.0) * rng.noise(0.08)
        let seconds = bounces * 6 + Int((Double(engaged) * secondsPerVisit).rounded())
        out.date(day)
        out.comma()
        out.text(source.name)
        out.comma()
        out.text(returning ? "returning" : "new")
        for count in [sessions, visitors, bounces, pageviews, seconds] {
            out.comma()
            out.int(count)
        }
    }
}
