import KPICore

/// `samples/social.jsonl`: daily activity per network as JSON Lines, 2025-07 … 2026-10.
/// Sentiment dips during the shipping delays; the product launch brings shares and reviews.
enum SocialSample {
    static let first = Day(2025, 7, 1)
    private static let networks = ["instagram", "linkedin", "facebook", "x"]
    private static let reach = [1.0, 0.45, 0.6, 0.35]

    static func write(to path: String) throws(OutputError) -> Int {
        var rng = Rng(seed: 0x4D4B_5405)
        var out = try CSVWriter(path: path)
        var rows = 0
        for day in first...WebTrafficSample.last {
            for index in networks.indices {
                writeLine(day, index, &rng, &out)
                try out.newline()
                rows += 1
            }
        }
        try out.close()
        return rows
    }

    private static func writeLine(_ day: Day, _ network: Int, _ rng: inout Rng, _ out: inout CSVWriter) {
        let launch = Events.productLaunch.contains(day)
        let scale = reach[network] * Season.yearly(day) * Season.trend(day, since: first, perYear: 0.2) * (launch ? 1.6 : 1)
        let posts = rng.poisson(network == 1 ? 1.2 : 2.2)
        let likes = rng.poisson(Double(posts + 1) * 140 * scale)
        let reviews = rng.poisson(2.5 * scale)
        let delays = Events.shippingDelays.contains(day)
        let positive = rng.binomial(reviews, delays ? 0.45 : 0.78)
        let sentiment = max(-1, min(1, (delays ? -0.15 : 0.45) + rng.normal(mean: 0, sd: 0.12)))
        out.text("{\"date\":\"")
        out.date(day)
        out.text("\",\"network\":\"\(networks[network])\",\"posts\":")
        out.int(posts)
        for (key, value) in [
            ("likes", likes), ("comments", rng.poisson(Double(likes) * 0.07)), ("shares", rng.poisson(Double(likes) * 0.04)),
            ("mentions", rng.poisson(6 * scale)), ("reviews", reviews), ("positive_reviews", positive),
        ] {
            out.text(",\"\(key)\":")
            out.int(value)
        }
        out.text(",\"sentiment\":")
        out.cents(Int((sentiment * 100).rounded()))
        out.text("}")
    }
}
