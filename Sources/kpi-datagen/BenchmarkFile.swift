import KPICore

/// The large benchmark file: `rows` rows × 10 columns (a date, 3 text and 6 numeric
/// columns, about 58 bytes a row as CSV), dates in order from 2023-01-01 to 2026-10-31.
/// A path ending in `.jsonl` gets the same rows as JSON Lines, one object per line.
enum BenchmarkFile {
    private static let channels = ["search", "social", "display", "email", "video", "affiliate"]
    private static let regions = ["north", "south", "east", "west", "central", "nordics", "iberia", "benelux"]
    private static let columns = ["date", "channel", "region", "campaign", "spend", "impressions", "clicks", "leads",
                                  "new_customers", "revenue"]

    static func write(to path: String, rows: Int, seed: UInt64) throws(OutputError) {
        let json = path.hasSuffix(".jsonl")
        var rng = Rng(seed: seed)
        var out = try CSVWriter(path: path)
        if !json { out.text(columns.joined(separator: ",") + "\n") }
        let first = Day(2023, 1, 1), days = Day(2026, 10, 31).index - first.index + 1
        for row in 0..<rows {
            let day = first.advanced(by: row * days / max(rows, 1))
            let spend = Int((rng.lognormal(median: 120, sigma: 0.6) * 100).rounded())
            let clicks = rng.poisson(Double(spend) / 100 / 1.2)
            let impressions = clicks * 40 + rng.int(below: 400)
            let leads = rng.binomial(clicks, 0.08)
            let customers = rng.binomial(leads, 0.2)
            field(&out, 0, json: json, quoted: true)
            out.date(day)
            close(&out, json: json)
            field(&out, 1, json: json, quoted: true)
            out.text(channels[rng.int(below: channels.count)])
            close(&out, json: json)
            field(&out, 2, json: json, quoted: true)
            out.text(regions[rng.int(below: regions.count)])
            close(&out, json: json)
            field(&out, 3, json: json, quoted: true)
            out.text("cmp-")
            out.padded(rng.int(below: 50), width: 3)
            close(&out, json: json)
            field(&out, 4, json: json)
            out.cents(spend)
            for (k, count) in [impressions, clicks, leads, customers].enumerated() {
                field(&out, 5 + k, json: json)
                out.int(count)
            }
            field(&out, 9, json: json)
            out.cents(customers * Int((rng.lognormal(median: 180, sigma: 0.4) * 100).rounded()))
            if json { out.byte("}") }
            try out.newline()
        }
        try out.close()
    }

    /// Before column `k`: a comma, or for JSON the key (and a quote for text).
    private static func field(_ out: inout CSVWriter, _ k: Int, json: Bool, quoted: Bool = false) {
        if json {
            out.text((k == 0 ? "{\"" : ", \"") + columns[k] + (quoted ? "\":\"" : "\":"))
        } else if k > 0 {
            out.comma()
        }
    }

    /// The closing quote of a JSON string.
    private static func close(_ out: inout CSVWriter, json: Bool) {
        if json { out.byte("\"") }
    }
}
