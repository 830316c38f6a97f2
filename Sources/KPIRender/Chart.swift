import KPICore

/// Charts drawn with characters: a braille line chart of a series, horizontal bars
/// for a breakdown, and sparklines; plain ASCII when the terminal is not UTF-8.
struct Chart {
    let style: TerminalStyle

    /// Braille, blocks and box lines, unless the style asks for ASCII.
    private var fancy: Bool { style.unicode && !style.asciiCharts }

    private static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    private static let asciiSparks: [Character] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// One character per value, scaled between the values' minimum and maximum.
    func sparkline(_ values: [Double]) -> String {
        let present = values.filter(\.isFinite)
        guard let low = present.min(), let high = present.max() else { return "" }
        let marks = fancy ? Self.sparks : Self.asciiSparks
        return String(values.map { value -> Character in
            guard value.isFinite else { return " " }
            let level = high == low ? marks.count / 2 : Int(((value - low) / (high - low) * Double(marks.count - 1)).rounded())
            return marks[level]
        })
    }

    func render(_ view: MetricView) -> String {
        guard let column = view.columns.first else { return "" }
        let format = MetricFormat(unit: column.unit, values: column.values.flatMap { $0 })
        if view.groupColumn != nil || view.periods.count < 2 {
            let note = MetricRenderer(style: style).unsplitNote(view).map { "\n" + style.paint($0, .yellow) } ?? ""
            return bars(view, column, format) + note
        }
        if view.columns.count > 1 { return lines(view) }
        return line(view, column.values[0], label: column.label, format: format)
    }

    /// The tones of several metrics' lines, in order.
    private static let tones: [TerminalStyle.Tone] = [.cyan, .yellow, .green, .blue, .red]

    /// Several metrics on one chart (a plan beside the history it continues), on the scale
    /// of all of them, with a legend.
    private func lines(_ view: MetricView) -> String {
        let layers = view.columns.enumerated().map { index, column in
            Layer(values: column.values[0], dotted: false, tone: Self.tones[index % Self.tones.count])
        }
        let format = MetricFormat(unit: view.columns[0].unit, values: view.columns.flatMap { $0.values[0] })
        let solid = fancy ? "──" : "--"
        let legend = view.columns.enumerated().map { index, column in
            style.paint(solid, Self.tones[index % Self.tones.count]) + " " + column.label
        }.joined(separator: "   ")
        return draw(view, layers, periods: view.periods, label: view.columns.map(\.label).joined(separator: ", "), format: format,
                    legend: legend)
    }

    // MARK: Line

    /// One line of a chart: values on the chart's periods (nan where it has none).
    private struct Layer {
        var values: [Double]
        /// Every other dot only: the interval's edges, told from the lines without colour.
        var dotted: Bool
        var tone: TerminalStyle.Tone
    }

    private func line(_ view: MetricView, _ values: [Double], label: String, format: MetricFormat) -> String {
        var layers = [Layer(values: values, dotted: false, tone: .cyan)]
        var periods = view.periods
        if let forecast = view.forecast, let last = periods.last, last.ordinal >= forecast.lastPeriod.ordinal {
            // The chart's periods run on to the forecast's last; the forecast's line starts
            // at the last value so the two join.
            let shown = periods.firstIndex { $0.ordinal > forecast.lastPeriod.ordinal } ?? periods.count
            periods = Array(periods[..<shown]) + forecast.points.map(\.period)
            let history = Array(values[..<shown]) + forecast.points.map { _ in Double.nan }
            let joinAt = shown - 1
            func future(_ pick: (Forecast.Point) -> Double, joining: Bool) -> [Double] {
                (0..<shown).map { $0 == joinAt && joining ? values[joinAt] : .nan } + forecast.points.map(pick)
            }
            layers = [Layer(values: future(\.low, joining: false), dotted: true, tone: .dim),
                      Layer(values: future(\.high, joining: false), dotted: true, tone: .dim),
                      Layer(values: future(\.forecast, joining: true), dotted: false, tone: .yellow),
                      Layer(values: history, dotted: false, tone: .cyan)]
        }
        var legend: String?
        if let forecast = view.forecast {
            let (solid, dots) = fancy ? ("──", "┈┈") : ("--", "..")
            legend = style.paint(solid, .cyan) + " actual   " + style.paint(solid, .yellow) + " forecast (\(forecast.model))   "
                + style.paint(dots, .dim) + " \(NumberFormat.percent(forecast.level, decimals: 0)) interval"
        }
        return draw(view, layers, periods: periods, label: label, format: format, legend: legend)
    }

    /// The layers on a braille (or ASCII) grid with the value axis, the periods and a legend.
    private func draw(_ view: MetricView, _ layers: [Layer], periods: [Period], label: String, format: MetricFormat,
                      legend: String?) -> String {
        let present = layers.flatMap(\.values).filter(\.isFinite)
        guard var low = present.min(), var high = present.max() else { return "\(label): no values to chart" }
        if low == high { (low, high) = (low - 1, high + 1) }
        let labels = [high, (high + low) / 2, low].map { format.text($0, null: "") }
        let gutter = labels.map(\.count).max()! + 1
        let width = max(20, min(120, (style.width ?? 80) - gutter - 3))
        let height = 10
        let rows = fancy ? braille(layers, low: low, high: high, width: width, height: height)
            : ascii(layers, low: low, high: high, width: width, height: height)
        let axis = fancy ? "┤" : "|"
        var lines = rows.enumerated().map { row, text in
            let label = row == 0 ? labels[0] : row == height / 2 ? labels[1] : row == height - 1 ? labels[2] : ""
            return String(repeating: " ", count: gutter - label.count) + label + " " + axis + text
        }
        let first = periods.first!.description, last = periods.last!.description
        let bottom = String(repeating: " ", count: gutter + 1) + (fancy ? "└" : "+")
            + String(repeating: fancy ? "─" : "-", count: width)
        let axisLabels = String(repeating: " ", count: gutter + 2) + first
            + String(repeating: " ", count: max(1, width - first.count - last.count)) + last
        lines = [style.paint(label, .bold) + " per \(view.grain.noun)"] + lines + [bottom, axisLabels]
        if let legend { lines.append(String(repeating: " ", count: gutter + 2) + legend) }
        return lines.joined(separator: "\n")
    }

    /// The layers' dots on a grid of `width × height` braille cells (2 × 4 dots each), each
    /// layer's points joined by lines; a cell takes the tone of the last layer with a dot in it.
    private func braille(_ layers: [Layer], low: Double, high: Double, width: Int, height: Int) -> [String] {
        let dotsWide = width * 2, dotsHigh = height * 4
        var grid = [[Bool]](repeating: [Bool](repeating: false, count: dotsWide), count: dotsHigh)
        var tones = [[TerminalStyle.Tone?]](repeating: [TerminalStyle.Tone?](repeating: nil, count: width), count: height)
        for layer in layers {
            var own = [[Bool]](repeating: [Bool](repeating: false, count: dotsWide), count: dotsHigh)
            var previous: (Int, Int)?
            let count = layer.values.count
            for (index, value) in layer.values.enumerated() {
                guard value.isFinite else {
                    previous = nil
                    continue
                }
                let x = count == 1 ? 0 : index * (dotsWide - 1) / (count - 1)
                let y = dotsHigh - 1 - Int(((value - low) / (high - low) * Double(dotsHigh - 1)).rounded())
                if let (px, py) = previous { plotLine(&own, from: (px, py), to: (x, y)) } else { own[y][x] = true }
                previous = (x, y)
            }
            for y in 0..<dotsHigh {
                for x in 0..<dotsWide where own[y][x] && (!layer.dotted || x % 2 == 0) {
                    grid[y][x] = true
                    tones[y / 4][x / 2] = layer.tone
                }
            }
        }
        // Braille dot bits for (column, row) within a cell.
        let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        return (0..<height).map { row in
            (0..<width).map { column -> String in
                var code: UInt32 = 0
                for dy in 0..<4 {
                    for dx in 0..<2 where grid[row * 4 + dy][column * 2 + dx] { code |= bits[dy][dx] }
                }
                let cell = String(Character(Unicode.Scalar(0x2800 + code)!))
                return tones[row][column].map { style.paint(cell, $0) } ?? cell
            }.joined()
        }
    }

    private func plotLine(_ grid: inout [[Bool]], from: (Int, Int), to: (Int, Int)) {
        var (x, y) = from
        let dx = abs(to.0 - x), dy = -abs(to.1 - y)
        let sx = x < to.0 ? 1 : -1, sy = y < to.1 ? 1 : -1
        var error = dx + dy
        while true {
            grid[y][x] = true
            if x == to.0 && y == to.1 { return }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += sx
            }
            if doubled <= dx {
                error += dx
                y += sy
            }
        }
    }

    /// The layers as `*` (lines), `o` (a second line) and `:` (dotted edges), one
    /// character per point.
    private func ascii(_ layers: [Layer], low: Double, high: Double, width: Int, height: Int) -> [String] {
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        for (number, layer) in layers.enumerated() {
            let mark: Character = layer.dotted ? ":" : number == layers.count - 1 ? "*" : "o"
            let count = layer.values.count
            for (index, value) in layer.values.enumerated() where value.isFinite {
                let x = count == 1 ? 0 : index * (width - 1) / (count - 1)
                let y = height - 1 - Int(((value - low) / (high - low) * Double(height - 1)).rounded())
                grid[y][x] = mark
            }
        }
        return grid.map { String($0) }
    }

    // MARK: Bars

    /// One bar per group (or per constant), for the latest period with data.
    private func bars(_ view: MetricView, _ column: MetricView.Column, _ format: MetricFormat) -> String {
        let latestIndex = (0..<max(1, view.periods.count)).last { index in column.values.contains { $0[index].isFinite } } ?? 0
        let values = column.values.map { $0[latestIndex] }
        let labels = view.groups.map { $0.isEmpty ? column.label : $0 }
        let texts = values.map { format.text($0, null: style.nullMark) }
        let labelWidth = labels.map(\.count).max() ?? 0, textWidth = texts.map(\.count).max() ?? 0
        let room = max(10, min(60, (style.width ?? 80) - labelWidth - textWidth - 4))
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        var lines = [style.paint(column.label, .bold) + (view.periods.isEmpty ? "" : " in \(view.periods[latestIndex])")
                     + (view.groupColumn.map { " by \($0)" } ?? "")]
        for (index, label) in labels.enumerated() {
            let eighths = largest == 0 || !values[index].isFinite ? 0 : Int((abs(values[index]) / largest * Double(room * 8)).rounded())
            let drawn = bar(eighths)
            lines.append(label.padding(labelWidth) + " " + style.paint(drawn, .cyan)
                         + String(repeating: " ", count: room - drawn.count + 1 + textWidth - texts[index].count) + texts[index])
        }
        return lines.joined(separator: "\n")
    }

    private func bar(_ eighths: Int) -> String {
        guard fancy else { return String(repeating: "#", count: (eighths + 4) / 8) }
        let partial: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
