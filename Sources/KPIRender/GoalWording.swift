import KPICore

/// SMART verdicts in words and glyphs: what the core reports as typed reasons,
/// worded here so that every figure reads as the rest of the output does.
public enum GoalWording {
    /// `✓ ⚠ ✗`, or `v ! x` where the terminal cannot show them.
    public static func glyph(_ mark: GoalReport.Mark, unicode: Bool = true) -> String {
        switch mark {
        case .pass: return unicode ? "✓" : "v"
        case .warning: return unicode ? "⚠" : "!"
        case .fail: return unicode ? "✗" : "x"
        }
    }

    /// A letter's reason as a sentence: "needs +4.6%/month; best on record +10.0%, …", its
    /// figures in `unit`.
    public static func text(_ reason: GoalReport.Reason, unit: MetricUnit = .number) -> String {
        switch reason {
        case .words(let text): return text
        case .pace(let pace): return text(pace)
        case .outlook(let outlook, let pace): return text(outlook, unit: unit) + (pace.map { "; " + text($0) } ?? "")
        }
    }

    private static func text(_ pace: GoalReport.Pace) -> String {
        let noun = pace.grain.noun
        func change(_ x: Double) -> String { NumberFormat.signedChange(x, relative: pace.relative) }
        var text = "needs \(change(pace.needed))/\(noun)"
        if let season = pace.lastSeason {
            text += "; a season ago \(season.from)→\(season.to) \(pace.relative ? "grew" : "changed") \(change(season.total))"
                + (season.to.ordinal - season.from.ordinal > 1 ? " (\(change(season.perPeriod))/\(noun))" : "")
        }
        return text + "; best on record \(change(pace.best)), median \(change(pace.median)), "
            + "reached in \(pace.reached) of \(pace.periods) \(noun)s"
    }

    /// "the target 1,400 is above the 80% forecast interval for 2026-12 (1,180–1,350,
    /// ETS(M,A,N)) but inside the 95% (1,120–1,420); P(met) 8%".
    private static func text(_ outlook: GoalReport.Outlook, unit: MetricUnit) -> String {
        // The target's own decimals, unless they would round an interval's end onto the
        // target (59.53 shown as 60 beside a target of 60): then as many as the ends need.
        var format = MetricFormat(unit: unit, values: [outlook.target])
        let ends = [outlook.low80, outlook.high80, outlook.low95, outlook.high95]
        if ends.contains(where: { $0 != outlook.target && format.text($0, null: "") == format.text(outlook.target, null: "") }) {
            format = MetricFormat(unit: unit, values: [outlook.target] + ends)
        }
        func range(_ low: Double, _ high: Double) -> String { format.text(low, null: "—") + "–" + format.text(high, null: "—") }
        let inner = "the 80% forecast interval for \(outlook.deadline) (\(range(outlook.low80, outlook.high80)), \(outlook.model))"
        let target = "the target " + format.text(outlook.target, null: "—")
        let easy = outlook.wantsIncrease ? outlook.target < outlook.low80 : outlook.target > outlook.high80
        let placed: String
        switch outlook.mark {
        case .pass: placed = easy ? "\(target) is \(outlook.wantsIncrease ? "below" : "above") \(inner)" : "\(target) is inside \(inner)"
        case .warning:
            placed = "\(target) is \(outlook.wantsIncrease ? "above" : "below") \(inner) but inside the 95% "
                + "(\(range(outlook.low95, outlook.high95)))"
        case .fail:
            placed = "\(target) is beyond the 95% forecast interval for \(outlook.deadline) "
                + "(\(range(outlook.low95, outlook.high95)), \(outlook.model))"
        }
        return placed + "; P(met) " + probability(outlook.probability)
    }

    /// A probability as a whole percentage, but never 0% or 100%: a forecast cannot rule out
    /// what may yet happen (none of 5,000 simulated futures is not never).
    public static func probability(_ p: Double) -> String {
        guard p.isFinite else { return "—" }
        if p < 0.005 { return "<1%" }
        if p > 0.995 { return ">99%" }
        return NumberFormat.percent(p, decimals: 0)
    }
}
