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

    /// The table as lines; `style` paints the header.
    func render(_ style: TerminalStyle) -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(Self.width).max() ?? 0
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
