import Testing
@testable import KPICore

@Suite("Calendar and periods")
struct CalendarTests {
    private func day(_ text: String) -> Int { Period(literal: text)!.ordinal }

    @Test("day numbers round-trip through civil dates")
    func civil() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.format(CivilDate.days(year: 2024, month: 2, day: 29)) == "2024-02-29")
        for number in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = CivilDate.civil(number)
            #expect(CivilDate.days(year: y, month: m, day: d) == number)
        }
    }

    @Test("ISO weeks across year boundaries")
    func isoWeeks() {
        #expect(Period(containing: day("2024-12-30"), grain: .week).description == "2025-W01")
        #expect(Period(containing: day("2021-01-03"), grain: .week).description == "2020-W53")
        #expect(Period(containing: day("2026-01-01"), grain: .week).description == "2026-W01")
        #expect(Period(literal: "2020-W53")!.firstDay == day("2020-12-28"))
        #expect(Period(literal: "2021-W53") == nil, "2021 has 52 ISO weeks")
    }

    @Test("months, quarters and years contain their days")
    func grains() {
        #expect(Period(containing: day("2026-03-31"), grain: .month) == Period(literal: "2026-03"))
        #expect(Period(containing: day("2026-04-01"), grain: .quarter) == Period(literal: "2026-Q2"))
        #expect(Period(containing: day("2025-12-31"), grain: .year) == Period(literal: "2025"))
        #expect(Period(literal: "2026-Q3")!.firstDay == day("2026-07-01"))
        #expect(Period(literal: "1969-12")!.description == "1969-12")
        #expect(Period(literal: "2026-02-29") == nil)
    }
}
