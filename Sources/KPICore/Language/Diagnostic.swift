/// An error together with the source it happened in, rendered like a compiler's:
///
/// ```
/// error: unknown statement 'lod'
///  --> session.kpi:3:1
///   |
/// 3 | lod "ads.csv"
///   | ^^^
///   = help: did you mean 'load'?
/// ```
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    /// Parts of a rendered diagnostic that a terminal may colour.
    public enum Part: Sendable {
        case severity, message, gutter, caret, help
    }

    public var error: KPIError
    public var source: SourceText
    /// Where a statement that failed in another file was called from (`run "x.kpi"`).
    public var calledFrom: [String] = []

    public init(_ error: KPIError, in source: SourceText) {
        self.error = error
        self.source = source
    }

    public var description: String { rendered() }

    /// The diagnostic as text; `style` may wrap parts (e.g. in terminal colours).
    public func rendered(style: (String, Part) -> String = { text, _ in text }) -> String {
        let range = error.range
        var lines = [style("error", .severity) + style(": " + error.message, .message)]
        var notes: [String] = []
        let line: Int
        if case .data(let path, let problem, _) = error, let place = problem.location {
            line = place.line
            lines += excerpt(name: path, line: place.line, column: place.column,
                             text: problem.excerpt, width: 1, style: style)
            notes.append("note: while running the statement at \(source.name):\(range.start.line):\(range.start.column)")
        } else {
            line = range.start.line
            let width = range.start.line == range.end.line ? max(1, range.end.column - range.start.column) : 1
            lines += excerpt(name: source.name, line: range.start.line, column: range.start.column,
                             text: source.line(range.start.line).map { Secrets.redacted(String($0)) }, width: width, style: style)
        }
        notes += calledFrom.map { "note: called from \($0)" }
        let pad = String(repeating: " ", count: String(line).count)
        lines += notes.map { pad + style(" = ", .gutter) + $0 }
        if let help = error.help {
            lines.append(pad + style(" = help: ", .help) + help)
        }
        return lines.joined(separator: "\n")
    }

    /// ` --> name:line:column`, then the quoted line with carets under the fault.
    private func excerpt(name: String, line: Int, column: Int, text: String?, width: Int,
                         style: (String, Part) -> String) -> [String] {
        let number = String(line)
        let pad = String(repeating: " ", count: number.count)
        var lines = [pad + style("--> ", .gutter) + "\(name):\(line):\(column)"]
        guard let text else { return lines }
        let shown = Self.clip(text, around: column)
        lines.append(pad + style(" |", .gutter))
        lines.append(style(number + " | ", .gutter) + shown.text)
        let carets = String(repeating: "^", count: max(1, min(width, shown.text.count - shown.column + 1)))
        lines.append(pad + style(" | ", .gutter) + String(repeating: " ", count: max(0, shown.column - 1))
                     + style(carets, .caret))
        return lines
    }

    /// Long data lines are cut to about 100 characters around the column of interest.
    static func clip(_ text: String, around column: Int) -> (text: String, column: Int) {
        let characters = Array(text.replacingTabs())
        let limit = 100
        guard characters.count > limit else { return (String(characters), column) }
        let start = max(0, min(column - 1 - limit / 2, characters.count - limit))
        let end = min(characters.count, start + limit)
        var clipped = String(characters[start..<end])
        var shift = start
        if start > 0 {
            clipped = "…" + clipped
            shift -= 1
        }
        if end < characters.count { clipped += "…" }
        return (clipped, column - shift)
    }
}

extension String {
    /// Tabs as single spaces, so carets line up under the quoted text.
    func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
