import Testing
@testable import KPICore
@testable import KPIRender

/// Rows without a usable time are in no period: load and describe say how many.
@Suite("Rows without a time")
struct UntimedRowsTests {
    @Test("load and describe count the rows with no usable time and say what it means")
    func reported() throws {
        let path = Fixtures.temporary("day,v\n2026-01-01,1\n,2\nNA,3\n2026-01-02,4\n")
        let recorder = Recorder()
        #expect(recorder.run("load \"\(path)\" as t") == nil)
        let summary = try recorder.last(\.loaded)
        #expect(summary.untimedRows == 2)
        let note = "note: 2 rows have no usable day and are in no period: per-period metrics, count(t) included, leave them out"
        #expect(OutputRenderer(style: .plain).render(.loaded(summary, replaced: false))?.hasSuffix("\n" + note) == true)
        #expect(recorder.run("describe t") == nil)
        #expect(OutputRenderer(style: .plain).render(try #require(recorder.outputs.last))?.contains(note) == true)
        #expect(recorder.run("metric n = count(t); show n") == nil)
        #expect(try recorder.last(\.view).columns[0].values[0] == [2], "the two rows without a day are in no month")
    }

    @Test("a table whose every row has a time gets no note")
    func complete() throws {
        let recorder = Recorder()
        #expect(recorder.run("load \"\(Fixtures.path("goals.csv"))\" as g") == nil)
        let summary = try recorder.last(\.loaded)
        #expect(summary.untimedRows == 0)
        #expect(OutputRenderer(style: .plain).render(.loaded(summary, replaced: false))?.contains("note:") == false)
    }
}
