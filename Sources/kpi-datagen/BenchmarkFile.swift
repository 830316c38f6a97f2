import KPICore

/// The large benchmark CSV: `rows` rows × 10 columns (a date, 3 text and 6 numeric
/// columns, about 58 bytes a row), dates in order from 2023-01-01 to 2026-10-31.
enum BenchmarkFile {
    private static let channels = ["search", "social", "display", "email", "video", "affiliate"]
    private static let regions = ["north", "south", "east", "west", "central", "nordics", "iberia", "benelux"]

    static func write(to path: String, rows: Int, seed: UInt64) throws(OutputError) {
        var rng = Rng(seed: seed)
        var out = try CSVWriter(path: path)
        out.text("date,channel,region,campaign,spend,impressions,clicks,leads,new_customers,revenue\n")
        let first = Day(2023, 1, 1), days = Day(2026, 10, 31).index - first.index + 1
        for row in 0..<rows {
            let day = first.advanced(by: row * days / max(rows, 1))
            let spend = Int((rng.lognormal(median: 120, sigma: 0.6) * 100).rounded())
            let clicks = rng.poisson(Double(spend) / 100 / 1.2)
            let impressions = clicks * 40 + rng.int(below: 400)
            let leads = rng.binomial(clicks, 0.08)
            let customers = rng.binomial(leads, 0.2)
            out.date(day)
            out.comma()
            out.text(channels[rng.int(below: channels.count)])
            out.comma()
            out.text(regions[rng.int(below: regions.count)])
            out.text(",cmp-")
            out.padded(rng.int(below: 50), width: 3)
            out.comma()
            out.cents(spend)
            for count in [impressions, clicks, leads, customers] {
                out.comma()
                out.int(count)
            }
            out.comma()
            out.cents(customers * Int((rng.lognormal(median: 180, sigma: 0.4) * 100).rounded()))
            try out.newline()
        }
        try out.close()
    }
}
