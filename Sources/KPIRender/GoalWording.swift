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

    /// A letter's reason as a sentence: "needs +4.6%/month; best on record +10.0%, …".
    public static func text(_ reason: GoalReport.Reason) -> String {
        switch reason {
        case .words(let text): return text
        case .pace(let pace):
            let noun = pace.grain.noun
            func change(_ x: Double) -> String { NumberFormat.signedChange(x, relative: pace.relative) }
            return "needs \(change(pace.needed))/\(noun); best on record \(change(pace.best)), median \(change(pace.median)), "
                + "reached in \(pace.reached) of \(pace.periods) \(noun)s"
        }
    }
}
