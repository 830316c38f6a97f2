import Testing
@testable import KPICore
@testable import KPIRender

/// Datetimes with a UTC offset are placed by their UTC day, and load says so; a column
/// mixing zoned and unzoned times gets a warning, since only some rows shift.
@Suite("Time zones")
struct TimeZoneTests {
    private func load(_ csv: String) throws -> (Recorder, TableSummary) {
        let recorder = Recorder()
        #expect(recorder.run("load \"\(Fixtures.temporary(csv))\" as t") == nil)
        guard case .loaded(let summary, _)? = recorder.outputs.last else {
            throw UnexpectedOutput(expected: "a load summary", found: recorder.outputs.last)
        }
        return (recorder, summary)
    }

    @Test("an offset moves a row to its UTC day: 23:30 at -05:00 on 1 March is 2 March")
    func utcDay() throws {
        let (recorder, summary) = try load("when,v\n2026-03-01T23:30:00-05:00,1\n2026-03-01T10:00:00+01:00,2\n")
        #expect(summary.timeZones == ZoneTally(offsets: 2, unzoned: 0))
        #expect(OutputRenderer(style: .plain).render(.loaded(summary, replaced: false))?.hasSuffix(
            "note: when carries UTC offsets: rows are placed by their UTC day, which can differ from the date as written") == true)
        #expect(recorder.run("grain day; metric s = sum(t.v); show s as csv") == nil)
        let view = try recorder.last(\.view)
        #expect(view.periods.map(\.description) == ["2026-03-01", "2026-03-02"])
        #expect(view.columns[0].values[0] == [2, 1])
    }

    @Test("a column mixing offsets and unzoned times is warned about; Z alone needs no word")
    func mixed() throws {
        let (_, mixed) = try load("when,v\n2026-03-01T23:30:00-05:00,1\n2026-03-01T10:00:00,2\n2026-03-02T01:00:00Z,4\n")
        #expect(mixed.timeZones == ZoneTally(offsets: 1, unzoned: 1))
        #expect(OutputRenderer(style: .plain).render(.loaded(mixed, replaced: false))?.contains(
            "warning: when mixes 1 time with a UTC offset and 1 time without: those with one are placed by their UTC day, "
                + "which can differ from the date as written; the others count as written") == true)
        let (_, utc) = try load("when,v\n2026-03-01T23:30:00Z,1\n")
        #expect(utc.timeZones == ZoneTally(offsets: 0, unzoned: 0))
        #expect(OutputRenderer(style: .plain).render(.loaded(utc, replaced: false))?.contains("note") == false)
    }
}
