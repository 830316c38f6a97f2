import KPICore

/// How metric values read: percentages as `4.2%`, other numbers with the decimals
/// their size calls for (the same in a whole column, so points line up).
struct MetricFormat {
    var isPercent: Bool
    var decimals: Int

    init(isPercent: Bool, values: [Double]) {
        self.isPercent = isPercent
        let present = values.filter { !$0.isNaN }
        if isPercent {
            decimals = 1
        } else if present.allSatisfy({ $0 == $0.rounded() }) {
            decimals = 0
        } else {
            let largest = present.map(abs).max() ?? 0
            decimals = largest >= 10_000 ? 0 : largest >= 100 ? 1 : largest >= 1 ? 2 : 3
        }
    }

    func text(_ value: Double, null: String) -> String {
        guard value.isFinite else { return null }
        return isPercent ? NumberFormat.format(value * 100, decimals: decimals, fixed: true) + "%"
            : NumberFormat.format(value, decimals: decimals, fixed: true)
    }

    /// Full precision for csv and json: the shortest text that reads back as the same double.
    static func exact(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
