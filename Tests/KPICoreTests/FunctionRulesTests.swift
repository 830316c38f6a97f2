import Testing
@testable import KPICore
@testable import KPIRender

/// The rules of percentile and rolling, stated in docs/LANGUAGE.md, as the tests hold them.
@Suite("Function rules")
struct FunctionRulesTests {
    private func recorder() -> Recorder {
        let recorder = Recorder()
        // Values 1…10 in January: the 90th percentile interpolates to 9.1 (numpy's default).
        let rows = (1...10).map { "2026-01-\($0 < 10 ? "0" : "")\($0),\($0)" }.joined(separator: "\n")
        recorder.run("load \"\(Fixtures.temporary("day,v\n" + rows + "\n"))\" as t")
        return recorder
    }

    @Test("percentile takes 0…100 or a percentage; a p in (0, 1] is refused as ambiguous")
    func percentile() throws {
        let recorder = recorder()
        #expect(recorder.run("metric a = percentile(t.v, 90); metric b = percentile(t.v, 90%); show a, b as csv") == nil)
        #expect(try recorder.last(\.view).columns.map { $0.values[0][0] } == [9.1, 9.1])
        let error = try #require(recorder.run("metric c = percentile(t.v, 0.9)")?.error)
        #expect(error.message == "percentile(…, 0.9) is ambiguous: kpi reads it as the 0.9th percentile (0 to 100), SQL as the 90th")
        #expect(error.help == "write 90 (or 90%) for the 90th percentile, or 0.9% for the 0.9th")
        #expect(recorder.run("metric d = percentile(t.v, 1)") != nil, "1 is the 1st or the 100th: refused")
        #expect(recorder.run("metric e = percentile(t.v, 0); metric f = percentile(t.v, 0.9%)") == nil)
    }

    @Test("explain says what a rolling window averages, with its length")
    func rollingExplained() throws {
        let recorder = recorder()
        #expect(recorder.run("grain day; metric s = sum(t.v); let n = 4; metric r = rolling(s, n); explain r") == nil)
        let explanation = try recorder.last(\.explanation)
        #expect(explanation.rollingWindows == [4])
        let text = MetricRenderer(style: .plain).explanation(explanation)
        #expect(text.contains("rolling    the mean of the values in the last 4 days (nulls are skipped); "
                              + "the first 3 days of the data have none"))
    }
}
