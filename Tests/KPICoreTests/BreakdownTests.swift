import Testing
@testable import KPICore
@testable import KPIRender

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

/// `by column` splits every table that has the column; a table without it is named in a note.
@Suite("Shared dimensions")
struct SharedDimensionTests {
    /// spend per channel in `ads` (search 10, social 20), orders per channel in `shop`
    /// (search 2, direct 3), and `visits` with no channel at all (7).
    private func recorder() -> Recorder {
        let recorder = Recorder()
        let ads = Fixtures.temporary("day,channel,spend\n2026-01-05,search,10\n2026-01-06,social,20\n")
        let shop = Fixtures.temporary("day,channel,orders\n2026-01-05,search,2\n2026-01-07,direct,3\n")
        let visits = Fixtures.temporary("day,visits\n2026-01-05,7\n")
        recorder.run("load \"\(ads)\" as ads; load \"\(shop)\" as shop; load \"\(visits)\" as visits")
        recorder.run("metric spend = sum(ads.spend); metric orders = sum(shop.orders); metric cpo = spend / orders")
        recorder.run("metric traffic = sum(visits.visits)")
        return recorder
    }

    @Test("by channel splits both tables over the union of their channels")
    func conformed() throws {
        let recorder = recorder()
        #expect(recorder.run("show spend, orders, cpo by channel") == nil)
        let view = try recorder.last(\.view)
        #expect(view.groups == ["direct", "search", "social"])
        #expect(view.columns.map { $0.values.map { $0[0] } }[0] == [0, 10, 20])
        #expect(view.columns.map { $0.values.map { $0[0] } }[1] == [3, 2, 0])
        #expect(view.columns[2].values[1][0] == 5, "search: 10 / 2")
        #expect(view.unsplitTables.isEmpty)
        #expect(!MetricRenderer(style: .plain).view(view).contains("note:"))
    }

    @Test("a table without the dimension is named under the result instead of silently repeated")
    func unsplit() throws {
        let recorder = recorder()
        #expect(recorder.run("show spend, traffic by channel") == nil)
        let view = try recorder.last(\.view)
        #expect(view.unsplitTables == ["visits"])
        #expect(view.columns[1].values.map { $0[0] } == [7, 7, 7], "the total in every group")
        #expect(MetricRenderer(style: .plain).view(view).hasSuffix(
            "\nnote: visits is not split by channel: its figures are totals, the same in every group"))
        #expect(recorder.run("show cpo by ads.channel") == nil)
        let qualified = try recorder.last(\.view)
        #expect(qualified.unsplitTables == ["shop"])
        #expect(MetricRenderer(style: .plain).unsplitNote(qualified)
                == "note: shop is not split by ads.channel: its figures are totals, the same in every group "
                + "(by channel splits every table with a channel column)")
        #expect(recorder.run("show spend, traffic by channel as csv") == nil)
        #expect(!MetricRenderer(style: .plain).view(try recorder.last(\.view)).contains("note"), "csv stays data only")
    }

    @Test("a column no table has is an error with did you mean")
    func unknown() throws {
        let recorder = recorder()
        let error = try #require(recorder.run("show spend by chanel")?.error)
        #expect(error.message == "no table has a column 'chanel'")
        #expect(error.help == "did you mean 'channel'?")
    }
}
