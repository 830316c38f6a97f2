import Testing
@testable import KPICore

/// `describe`'s distinct counts: whole numbers and hundredths are counted with one bit per
/// step of their range, anything else with a hash set; both must give the exact count.
@Suite("Column statistics")
struct ColumnStatisticsTests {
    static func statistics(_ values: [Double]) -> ColumnStatistics {
        ColumnStatistics(Column(name: "v", header: "v", data: .number(NumberColumn(values))))
    }

    /// The reference: distinct non-null values, with 0 and -0 as one.
    static func distinct(_ values: [Double]) -> Int {
        Set(values.filter { !$0.isNaN }.map { $0 == 0 ? 0 : $0 }).count
    }

    static let rows = (0..<50_000).map { Double(($0 * 7_919) % 250_013) }
    static let columns: [(String, [Double])] = [
        ("counts", rows.map { $0.truncatingRemainder(dividingBy: 3_001) }),
        ("hundredths", rows.map { $0 / 100 }),
        ("prices shifted in binary", rows.map { $0 / 100 - 40 }),
        ("thousandths", rows.map { $0 / 1_000 }),
        ("wide", rows.map { $0 * 1e6 }),
        ("nulls and zeros", [0, -0.0, .nan, 5, 5.01, -5.01, .nan, 1e300, -1e300, 0.1 + 0.2, 0.3]),
    ]

    @Test("distinct counts are exact on every path", arguments: columns)
    func distinctCounts(name: String, values: [Double]) {
        let statistics = Self.statistics(values)
        #expect(statistics.distinct == Self.distinct(values), "\(name)")
        #expect(statistics.nulls == values.filter(\.isNaN).count, "\(name)")
        let present = values.filter { !$0.isNaN }
        #expect(statistics.min == .number(present.min()!), "\(name)")
        #expect(statistics.max == .number(present.max()!), "\(name)")
    }

    @Test("a column of nulls has no range and no distinct values")
    func allNulls() {
        let statistics = Self.statistics([.nan, .nan])
        #expect(statistics.distinct == 0)
        #expect(statistics.nulls == 2)
        #expect(statistics.min == .null)
    }
}
