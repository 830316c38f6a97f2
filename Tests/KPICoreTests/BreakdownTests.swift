import Testing
@testable import KPICore

/// `show … by` keeps rows without a value as a `(none)` group, so the groups add up.
@Suite("Breakdowns")
struct BreakdownTests {
    @Test("rows with an empty text dimension form the last group, (none)")
    func textNone() throws {
        let path = Fixtures.temporary("day,cat,v\n2026-01-01,search,1\n2026-01-02,social,2\n2026-01-03,,4\n")
        let recorder = Recorder()
        #expect(recorder.run("load \"\(path)\" as t; metric s = sum(t.v); show s by t.cat") == nil)
        let view = try recorder.last(\.view)
        #expect(view.groups == ["search", "social", "(none)"])
        #expect(view.columns[0].values.map { $0[0] } == [1, 2, 4])
        #expect(view.columns[0].values.map { $0[0] }.reduce(0, +) == 7, "the groups add up to the total")
    }

    @Test("a bool dimension with nulls gets (none) after false and true; without nulls there is none")
    func boolNone() throws {
        let path = Fixtures.temporary("day,paid,v\n2026-01-01,true,1\n2026-01-02,false,2\n2026-01-03,,4\n")
        let recorder = Recorder()
        #expect(recorder.run("load \"\(path)\" as t; metric s = sum(t.v); show s by t.paid") == nil)
        #expect(try recorder.last(\.view).groups == ["false", "true", "(none)"])
        let full = Fixtures.temporary("day,cat,v\n2026-01-01,a,1\n")
        #expect(recorder.run("load \"\(full)\" as u; metric n = sum(u.v); show n by u.cat") == nil)
        #expect(try recorder.last(\.view).groups == ["a"])
    }
}
