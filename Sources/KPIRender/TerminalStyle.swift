import KPICore

/// How output may look: colour only on a terminal and never with `NO_COLOR`;
/// Unicode rules and dashes unless the locale says the terminal is not UTF-8.
public struct TerminalStyle: Sendable {
    public var color: Bool
    public var unicode: Bool
    /// The terminal's width in columns; wide tables are cut to fit. Nil for pipes and files.
    public var width: Int?
    /// Charts in plain ASCII (`*`, `#`) instead of braille and blocks: for terminals
    /// that are not UTF-8, and when `NO_COLOR` asks for plain output.
    public var asciiCharts = false

    public init(color: Bool, unicode: Bool, width: Int? = nil) {
        self.color = color
        self.unicode = unicode
        self.width = width
    }

    /// Plain output for pipes, files and tests.
    public static let plain = TerminalStyle(color: false, unicode: true)

    /// The style for a stream: colour when it is a terminal, `NO_COLOR` is unset
    /// and `TERM` is not `dumb`; Unicode unless `LC_ALL`/`LC_CTYPE`/`LANG` name a
    /// non-UTF-8 locale.
    public static func detect(isTerminal: Bool, width: Int? = nil) -> TerminalStyle {
        let noColor = StatePaths.environment("NO_COLOR") != nil || StatePaths.environment("TERM") == "dumb"
        let locale = StatePaths.environment("LC_ALL") ?? StatePaths.environment("LC_CTYPE") ?? StatePaths.environment("LANG") ?? ""
        let lowered = locale.lowercased()
        let unicode = locale.isEmpty || lowered.contains("utf-8") || lowered.contains("utf8")
        var style = TerminalStyle(color: isTerminal && !noColor, unicode: unicode, width: isTerminal ? width : nil)
        style.asciiCharts = !unicode || StatePaths.environment("NO_COLOR") != nil
        return style
    }

    public enum Tone: String, Sendable {
        case bold = "1", dim = "2", italic = "3", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36", boldRed = "1;31"
    }

    public func paint(_ text: String, _ tone: Tone) -> String {
        color && !text.isEmpty ? "\u{1B}[\(tone.rawValue)m" + text + "\u{1B}[0m" : text
    }

    /// Secondary text (hints, timings), dimmed on a colour terminal.
    public func dim(_ text: String) -> String { paint(text, .dim) }

    public var nullMark: String { unicode ? "—" : "-" }
    public var ellipsis: String { unicode ? "…" : "..." }
    var rule: Character { unicode ? "─" : "-" }
    var times: String { unicode ? "×" : "x" }
    public var dot: String { unicode ? "·" : "-" }
}
