import KPICore

/// How one paid channel turns money into customers: the funnel rates behind each row.
private struct ChannelModel {
    let name: String
    let dailySpend: Double
    let costPerClick: Double
    let clickThroughRate: Double
    let leadRate: Double
    let customerRate: Double
    let revenuePerCustomer: Double
    /// Weekend activity relative to weekdays: B2B-ish channels drop, social rises.
    let weekend: Double
    /// Whether the Christmas–New Year lull applies.
    let b2b: Bool
}

private struct RegionModel {
    let name: String
    let size: Double
    let conversion: Double
}

/// `samples/marketing.csv`: daily spend and funnel per channel × region, 2024-01 … 2026-10.
///
/// Sized so monthly spend starts near 60k and new customers near 900 a month, which makes
/// the shell's example goals ("1,200 customers by 2026-12", "CAC ≤ 40") plausible but hard.
enum MarketingSample {
    static let first = Day(2024, 1, 1)
    static let last = Day(2026, 10, 31)

    private static let channels = [
        ChannelModel(
            name: "search", dailySpend: 300, costPerClick: 2.1, clickThroughRate: 0.032,
            leadRate: 0.11, customerRate: 0.22, revenuePerCustomer: 320, weekend: 0.7, b2b: true),
        ChannelModel(
            name: "social", dailySpend: 180, costPerClick: 0.9, clickThroughRate: 0.013,
            leadRate: 0.06, customerRate: 0.12, revenuePerCustomer: 190, weekend: 1.1, b2b: false),
        ChannelModel(
            name: "display", dailySpend: 110, costPerClick: 0.6, clickThroughRate: 0.011,
            leadRate: 0.05, customerRate: 0.10, revenuePerCustomer: 240, weekend: 0.75, b2b: true),
        ChannelModel(
            name: "email", dailySpend: 40, costPerClick: 0.4, clickThroughRate: 0.038,
            leadRate: 0.14, customerRate: 0.28, revenuePerCustomer: 160, weekend: 0.3, b2b: true),
    ]

    private static let regions = [
        RegionModel(name: "north", size: 1.15, conversion: 1.0),
        RegionModel(name: "south", size: 0.85, conversion: 0.94),
        RegionModel(name: "west", size: 1.0, conversion: 1.08),
    ]

    static func write(to path: String) throws(OutputError) -> Int {
        var rng = Rng(seed: 0x4D4B_5401)
        var out = try CSVWriter(path: path)
        out.text("date,channel,region,spend,impressions,clicks,leads,new_customers,revenue\n")
        var rows = 0
        for day in first...last {
            for channel in channels {
                for region in regions {
                    writeRow(day, channel, region, &rng, &out)
                    try out.newline()
                    rows += 1
                }
            }
        }
        try out.close()
        return rows
    }

    private static func writeRow(
        _ day: Day, _ channel: ChannelModel, _ region: RegionModel,
        _ rng: inout Rng, _ out: inout CSVWriter
    ) {
        let season = Season.yearly(day)
        let spendCents = Int((channel.dailySpend * spendFactor(day, channel, region, season)
            * rng.noise(0.12) * 100).rounded())
        let costPerClick = channel.costPerClick * season.squareRoot() * rng.noise(0.08)
        let clicks = rng.poisson(Double(spendCents) / 100 / costPerClick)
        let ctr = channel.clickThroughRate * ctrFactor(day, channel) * rng.noise(0.1)
        let impressions = clicks == 0 ? 0 : clicks + rng.poisson(Double(clicks) * (1 / ctr - 1))
        let conversion = region.conversion * conversionFactor(day, season)
        let leads = rng.binomial(clicks, channel.leadRate * conversion * rng.noise(0.1))
        let customers = rng.binomial(leads, channel.customerRate * conversion * rng.noise(0.1))
        let revenueCents = revenue(customers, channel, day, &rng)
        out.date(day)
        out.comma()
        out.text(channel.name)
        out.comma()
        out.text(region.name)
        out.comma()
        out.cents(spendCents)
        for count in [impressions, clicks, leads, customers] {
            out.comma()
            out.int(count)
        }
        out.comma()
        out.cents(revenueCents)
    }

    /// Trend, seasons, weekdays, holidays and campaigns acting on the budget.
    private static func spendFactor(
        _ day: Day, _ channel: ChannelModel, _ region: RegionModel, _ season: Double
    ) -> Double {
        if channel.name == "display" && Events.displayPause.contains(day) {
            return 0
        }
        var factor = region.size * season * Season.trend(day, since: first, perYear: 0.12)
        factor *= Season.weekly(day, weekend: channel.weekend)
        if channel.b2b && Season.isHolidayLull(day) {
            factor *= 0.5
        }
        if Events.springCampaign.contains(day) {
            factor *= channel.name == "social" ? 1.9 : channel.name == "search" ? 1.25 : 1
        }
        if Events.productLaunch.contains(day) {
            factor *= channel.name == "email" ? 2.0 : channel.name == "search" ? 1.5 : 1
        }
        return factor
    }

    /// Fresh creatives in the spring campaign lift social click-through.
    private static func ctrFactor(_ day: Day, _ channel: ChannelModel) -> Double {
        channel.name == "social" && Events.springCampaign.contains(day) ? 1.15 : 1
    }

    /// Buyers convert better in Q4 and during the product launch.
    private static func conversionFactor(_ day: Day, _ season: Double) -> Double {
        let launch = Events.productLaunch.contains(day) ? 1.2 : 1
        return (0.6 + 0.4 * season) * launch
    }

    private static func revenue(
        _ customers: Int, _ channel: ChannelModel, _ day: Day, _ rng: inout Rng
    ) -> Int {
        let uplift = Events.productLaunch.contains(day) ? 1.1 : 1
        var total = 0
        for _ in 0..<customers {
            let value = rng.lognormal(median: channel.revenuePerCustomer * uplift, sigma: 0.35)
            total += Int((value * 100).rounded())
        }
        return total
    }
}
