import Testing
@testable import KPICore

/// Dates and datetimes in `where` compare with periods; a bare year is a period there.
@Suite("Dates in conditions")
struct DateConditionTests {
    private func yearly(_ metric: String) throws -> [Double] {
        let path = Fixtures.temporary("day,when,v\n2024-12-31,2024-12-31T23:00:00,1\n2025-01-01,2025-01-01T10:00:00,2\n"
                                      + "2026-03-01,2026-03-01T00:00:00,4\n")
        let recorder = Recorder()
        let failure = recorder.run("load \"\(path)\" as t; grain year; metric x = \(metric); show x as csv")
        #expect(failure == nil, "\(failure?.description ?? "")")
        return try recorder.last(\.view).columns[0].values[0]
    }

    @Test("a date against a bare year, either side", arguments: [
        ("sum(t.v) where t.day >= 2025", [0.0, 2, 4]), ("sum(t.v) where 2025 <= t.day", [0, 2, 4]),
        ("sum(t.v) where t.day == 2025", [0, 2, 0]), ("sum(t.v) where t.day < 2025", [1, 0, 0]),
    ])
    func year(metric: String, expected: [Double]) throws {
        #expect(try yearly(metric) == expected)
    }

    @Test("a datetime against a period compares its day", arguments: [
        ("sum(t.v) where t.when >= 2026-03", [0.0, 0, 4]), ("sum(t.v) where t.when < 2025", [1, 0, 0]),
        ("sum(t.v) where t.when == 2025-01-01", [0, 2, 0]),
    ])
    func datetime(metric: String, expected: [Double]) throws {
        #expect(try yearly(metric) == expected)
    }

    @Test("a date against a number that is no year says what it compares with")
    func notAYear() {
        let recorder = Recorder()
        let path = Fixtures.temporary("day,v\n2026-01-01,1\n")
        let error = recorder.run("load \"\(path)\" as t; metric x = sum(t.v) where t.day > 12")?.error
        #expect(error?.message == "a date compares with a period, e.g. 2026-03 or 2026")
    }
}
