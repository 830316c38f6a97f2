import KPICore

/// How metric values read: percentages as `4.2%`, money as `$1,200.50`, other
/// numbers with the decimals their size calls for (the same in a whole column, so
/// points line up).
struct MetricFormat {
    var unit: MetricUnit
    var decimals: Int

    init(unit: MetricUnit, values: [Double]) {
        self.unit = unit
        let present = values.filter { !$0.isNaN }
        let largest = present.map(abs).max() ?? 0
        switch unit {
        case .percent:
            decimals = 1
        case .money:
            decimals = largest >= 10_000 ? 0 : 2
        case .number:
            if present.allSatisfy({ $0 == $0.rounded() }) {
                decimals = 0
            } else {
                decimals = largest >= 10_000 ? 0 : largest >= 100 ? 1 : largest >= 1 ? 2 : 3
            }
        }
    }

    func text(_ value: Double, null: String) -> String {
        guard value.isFinite else { return null }
        switch unit {
        case .percent: return NumberFormat.format(value * 100, decimals: decimals, fixed: true) + "%"
        case .money(let sign):
            return (value < 0 ? "-" : "") + sign + NumberFormat.format(abs(value), decimals: decimals, fixed: true)
        case .number: return NumberFormat.format(value, decimals: decimals, fixed: true)
        }
    }

    /// Full precision for csv and json: the shortest text that reads back as the same double.
    static func exact(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
