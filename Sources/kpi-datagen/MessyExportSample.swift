import KPICore

/// `samples/ads-export-messy.csv`: a small export as an ads tool writes it, to show what
/// the loader copes with: a UTF-8 BOM, CRLF line ends, `;` between fields, money as
/// `"$1,234.50"`, rates as `"3.4%"`, empty cells, and notes with `;`, doubled quotes and
/// a line break inside quotes.
enum MessyExportSample {
    private static let campaigns = ["Winter Sale", "Brand Search", "Retargeting", "Spring Launch"]
    private static let channels = ["search", "search", "display", "social"]
    private static let notes = [
        "", "", "", "budget raised; watch CPC", "creative \"B\" wins", "paused 2h\r\nfor QA", "", "",
    ]

    static func write(to path: String) throws(OutputError) -> Int {
        var rng = Rng(seed: 0x4D4B_5406)
        var out = try CSVWriter(path: path)
        out.bytes([0xEF, 0xBB, 0xBF])
        out.text("Day;Campaign Name;Channel;Spend (USD);Clicks;CTR;Conversions;Notes")
        try out.crlf()
        var rows = 0
        for offset in 0..<15 {
            let day = Day(2026, 10, 1).advanced(by: offset * 2)
            for campaign in campaigns.indices {
                writeRow(day, campaign, &rng, &out)
                try out.crlf()
                rows += 1
            }
        }
        try out.close()
        return rows
    }

    private static func writeRow(_ day: Day, _ campaign: Int, _ rng: inout Rng, _ out: inout CSVWriter) {
        let spend = Int((rng.lognormal(median: 900, sigma: 0.5) * 100).rounded())
        let clicks = rng.poisson(Double(spend) / 100 / 1.4)
        out.date(day)
        out.text(";" + campaigns[campaign] + ";" + channels[campaign] + ";\"$")
        let dollars = spend / 100
        if dollars >= 1000 {
            out.int(dollars / 1000)
            out.text(",")
            out.padded(dollars % 1000, width: 3)
        } else {
            out.int(dollars)
        }
        out.text(".")
        out.padded(spend % 100, width: 2)
        out.text("\";")
        out.int(clicks)
        out.text(";")
        if rng.chance(0.93) {
            out.text("\"")
            let tenths = Int((rng.uniform(0.8, 5.5) * 10).rounded())
            out.int(tenths / 10)
            out.text(".")
            out.int(tenths % 10)
            out.text("%\"")
        }
        out.text(";")
        out.int(rng.binomial(clicks, 0.06))
        out.text(";")
        let note = notes[rng.int(below: notes.count)]
        if !note.isEmpty { out.text("\"" + note.replacing("\"", with: "\"\"") + "\"") }
    }
}
