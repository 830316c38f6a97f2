/// An aligned text table: a header, a rule, and rows; numbers right-aligned.
public struct TextTable {
    public enum Alignment { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    /// The table in Markdown: numbers right-aligned, `|` inside a cell escaped.
    public func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |" }
        let rule = "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined()
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// The table as lines; `style` paints the header.
    func render(_ style: TerminalStyle) -> String {
        var widths = headers.indices.map { column in
            ([headers[column]] + self.rows.map { $0[column] }).map(Self.width).max() ?? 0
        }
        var rows = self.rows
        if let limit = style.width, let last = widths.indices.last, alignments[last] == .left {
            // Cut the last (text) column so rows fit the terminal instead of wrapping.
            let others = widths.dropLast().reduce(0, +) + 2 * (widths.count - 1)
            let room = max(Self.width(headers[last]), 12, limit - others - 1)
            if widths[last] > room {
                widths[last] = room
                rows = rows.map { row in
                    var row = row
                    row[last] = Self.clip(row[last], to: room, ellipsis: style.ellipsis)
                    return row
                }
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - Self.width(cell))
                let last = column == cells.count - 1
                parts.append(alignments[column] == .right ? padding + cell : cell + (last ? "" : padding))
            }
            return parts.joined(separator: "  ")
        }
        var lines = [style.paint(line(headers), .bold)]
        lines.append(style.paint(widths.map { String(repeating: style.rule, count: $0) }.joined(separator: "  "), .dim))
        lines += rows.map(line)
        return lines.map { $0.trailingSpacesRemoved() }.joined(separator: "\n")
    }

    /// `text` cut to `width` cells, ending in an ellipsis when cut.
    static func clip(_ text: String, to width: Int, ellipsis: String) -> String {
        guard self.width(text) > width else { return text }
        var result = "", used = 0
        let room = width - self.width(ellipsis)
        for character in text {
            let cells = self.width(String(character))
            if used + cells > room { break }
            result.append(character)
            used += cells
        }
        return result + ellipsis
    }

    /// Display width in terminal cells: wide East Asian characters and most emoji take two.
    static func width(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            if scalar.value < 0x300 { width += 1; continue }
            if scalar.properties.generalCategory == .nonspacingMark || scalar.value == 0x200D { continue }
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            width += wide ? 2 : 1
        }
        return width
    }
}

extension String {
    func trailingSpacesRemoved() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
