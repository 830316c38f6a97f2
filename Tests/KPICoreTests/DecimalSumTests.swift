import Testing
@testable import KPICore

/// Sums are exact sums of the values as decimals, rounded once, in any order.
@Suite("Decimal sums")
struct DecimalSumTests {
    static func sum(_ values: [Double]) -> Double {
        var sum = DecimalSum()
        for value in values { sum.add(value) }
        return sum.value
    }

    @Test("decimals add as decimals: 0.1 + 0.2 is 0.3, a million cents are 10,000")
    func decimals() {
        #expect(Self.sum([0.1, 0.2]) == 0.3)
        #expect(Self.sum([Double](repeating: 0.01, count: 1_000_000)) == 10_000)
        #expect(Self.sum([440.41, 0.31]) == 440.72)
        #expect(Self.sum([]) == 0)
        #expect(Self.sum([-1.5, 1.5, -0.25]) == -0.25)
    }

    @Test("the order of the values does not change the sum")
    func order() {
        var random = SplitMix64(seed: 42)
        let values = (0..<5_000).map { _ in Double(random.next() % 2_000_000) / 100 - 10_000 }
        var shuffled = values
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        #expect(Self.sum(values) == Self.sum(shuffled))
        #expect(Self.sum(values) == Self.sum(values.reversed()))
    }

    @Test("values with many digits count as their shortest decimal")
    func longDecimals() {
        let third = 1.0 / 3
        #expect(Self.sum([third, third, third]) == 0.9999999999999999)  // 3 × 0.3333333333333333
        #expect(Self.sum([0.30000000000000004, -0.3]) == 4e-17)
        #expect(Self.sum([1e-20, 1e-20]) == 2e-20)
        #expect(Self.sum([123456789012345.6, 0.4]) == 123456789012346)
    }

    /// A large table is summed in blocks, one per core, whose sums are then added up.
    @Test("sums of pieces, added up, are the sum taken at once")
    func pieces() {
        var random = SplitMix64(seed: 3)
        let values = (0..<3_000).map { index -> Double in
            let units = Double(random.next() % 1_000_000) - 500_000
            return index < 1_000 ? units : index < 2_000 ? units / 100 : units / 10_000
        }
        for cuts in [[1_000, 2_000], [10, 1_500, 2_999], [0, 3_000]] {
            var total = DecimalSum(), start = 0
            for end in cuts + [values.count] {
                var piece = DecimalSum()
                for value in values[start..<end] { piece.add(value) }
                total.add(piece)
                start = end
            }
            #expect(total.value == Self.sum(values))
        }
        var exact = DecimalSum(), inexact = DecimalSum()
        exact.add(0.25)
        for value in [1e20, 1e-30, -1e20] { inexact.add(value) }
        exact.add(inexact)
        #expect(exact.value == 0.25)
    }

    @Test("values too far apart in scale fall back to a compensated sum, still close")
    func fallback() {
        #expect(Self.sum([1e20, 1e-30, -1e20]) == 1e-30)
        #expect(Self.sum([1e300, 1e300]) == 2e300)
    }
}
