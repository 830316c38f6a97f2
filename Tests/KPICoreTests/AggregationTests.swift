import Testing
@testable import KPICore

/// The sum kernel splits a large table into fixed blocks summed on every core; what it
/// returns must be what one pass over the rows gives.
@Suite("Aggregation")
struct AggregationTests {
    /// 2.5M rows over 36 months (so three blocks, the last one short), cents as values (as
    /// doubles, or as the units a reader stores them in), a few rows without a value, a
    /// date, a group or outside the mask.
    @Test("sums, counts and averages of a table summed in blocks equal one pass over its rows",
          arguments: [false, true], [false, true])
    func blocks(grouped: Bool, scaled: Bool) throws {
        let rows = 2_500_000, first = CivilDate.days(year: 2024, month: 1, day: 1)
        var random = SplitMix64(seed: 7)
        var days = [Int32](), cents = [Int](), values = [Double](), groups = [Int32](), mask = [Bool]()
        for row in 0..<rows {
            days.append(row % 9_973 == 0 ? ColumnData.nullDate : Int32(first + Int(random.next() % 1_095)))
            cents.append(Int(random.next() % 100_000))
            values.append(row % 7_919 == 0 ? .nan : Double(cents[row]) / 100)
            groups.append(row % 10_007 == 0 ? -1 : Int32(row % 3))
            mask.append(row % 13 != 0)
        }
        let index = PeriodIndex(column: .date(days), grain: .month)
        // Codes 0–2 as a text column stores them (255 a null), listed as groups c, a, b.
        let keys = groups.map { $0 < 0 ? UInt8.max : UInt8(($0 + 1) % 3) }
        let grouping = grouped ? Aggregation.Grouping(keys: .bytes(keys, null: .max), groupOfKey: [2, 0, 1],
                                                      nullGroup: -1, labels: ["a", "b", "c"]) : nil
        let periods = index.count, cells = periods * (grouped ? 3 : 1)
        var expectedCents = [Int](repeating: 0, count: cells), expectedCounts = [Double](repeating: 0, count: cells)
        for row in 0..<rows where days[row] != ColumnData.nullDate && mask[row] && !values[row].isNaN {
            if grouped, groups[row] < 0 { continue }
            let period = Period(containing: Int(days[row]), grain: .month).ordinal - index.start
            let cell = period + (grouped ? Int(groups[row]) * periods : 0)
            expectedCents[cell] += cents[row]
            expectedCounts[cell] += 1
        }
        let units = values.indices.map { values[$0].isNaN ? NumberColumn.nullUnits : Int32(cents[$0]) }
        let column = scaled ? NumberColumn(units: units, places: 2) : NumberColumn(values)
        #expect(column.width == (scaled ? 4 : 8))
        #expect(column.elementsEqual(values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        let sums = Aggregation.compute("sum", values: column, index: index, grouping: grouping, mask: mask)
        let counts = Aggregation.compute("count", values: column, index: index, grouping: grouping, mask: mask)
        let averages = Aggregation.compute("avg", values: column, index: index, grouping: grouping, mask: mask)
        #expect(periods == 36)
        #expect(sums.values == expectedCents.map { Double($0) / 100 })
        #expect(counts.values == expectedCounts)
        #expect(averages.values == zip(sums.values, expectedCounts).map { $0 / $1 })
    }
}
