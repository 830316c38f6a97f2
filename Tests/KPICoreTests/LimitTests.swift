import Glibc
import Testing
@testable import KPICore

/// Inputs past any sensible size get a clear error, and the session keeps what it had.
@Suite("Limits")
struct LimitTests {
    /// A session holding `keep`, to check nothing is lost after a refusal.
    private func session() -> Recorder {
        let recorder = Recorder()
        recorder.run("let keep = 42")
        return recorder
    }

    private func refused(_ text: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let recorder = session()
        let error = recorder.run(text)?.error
        #expect(error?.message == message, sourceLocation: sourceLocation)
        #expect(recorder.session.workspace.definitions["keep"] != nil, "the session is intact", sourceLocation: sourceLocation)
    }

    @Test("100,000-deep parentheses, not and minus chains are refused before they exhaust the stack")
    func nesting() {
        refused("let x = " + String(repeating: "(", count: 70) + "1" + String(repeating: ")", count: 70),
                "this expression nests more than 64 levels deep")
        refused("let x = max(" + String(repeating: "abs(", count: 70) + "1" + String(repeating: ")", count: 71),
                "this expression nests more than 64 levels deep")
        refused("let x = " + String(repeating: "(", count: 99_000) + "1" + String(repeating: ")", count: 99_000),
                "this statement has 198,004 tokens; kpi reads at most 100,000")
        refused("let x = " + String(repeating: "- ", count: 5_000) + "1", "this expression nests more than 64 levels deep")
        refused("let x = 1 and " + String(repeating: "not ", count: 5_000) + "1", "this expression nests more than 64 levels deep")
        let recorder = session()
        #expect(recorder.run("let x = " + String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60)) == nil,
                "60 levels are fine")
    }

    @Test("a chain of 5,000 operators and a statement of a million tokens are refused")
    func length() {
        refused("let x = " + Array(repeating: "1", count: 5_000).joined(separator: " + "),
                "this expression is more than 1,000 operations deep")
        refused("let x = " + Array(repeating: "1", count: 500_000).joined(separator: "+"),
                "this statement has 1,000,002 tokens; kpi reads at most 100,000")
        let recorder = session()
        #expect(recorder.run("let x = " + Array(repeating: "1", count: 900).joined(separator: " + ")) == nil)
        #expect(recorder.session.workspace.definitions["x"] != nil)
    }

    @Test("simulate refuses more than a million runs")
    func runs() {
        refused("let u = normal(1, 1); simulate u runs 1000000000",
                "expected a number of runs from 1 to 1,000,000, found a number")
    }

    @Test("a script that runs itself, or runs one that runs it, is refused naming the circle")
    func selfRun() throws {
        let first = Fixtures.temporary("run \"second.kpi\"\n", name: "first.kpi")
        let folder = String(first[..<first.lastIndex(of: "/")!])
        let second = fopen(folder + "/second.kpi", "w")!
        fputs("let y = 1\nrun \"first.kpi\"\n", second)
        fclose(second)
        let recorder = session()
        let diagnostic = try #require(recorder.run("run \"\(first)\""))
        #expect(diagnostic.error.message == "the scripts run each other in a circle: \(first) → second.kpi → first.kpi")
        #expect(recorder.session.workspace.definitions["keep"] != nil)
    }

    @Test("a FIFO and a device are refused at once, without waiting for data")
    func notFiles() throws {
        let fifo = Fixtures.temporary("", name: "placeholder") + ".fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        refused("load \"\(fifo)\" as f",
                "cannot read \(fifo): not a regular file (a pipe or a device); save the data to a file first")
        refused("load \"/dev/zero\" as z", "cannot read /dev/zero: not a regular file (a pipe or a device); save the data to a file first")
        refused("run \"\(fifo)\"", "cannot read \(fifo): not a regular file (a pipe or a device); save the data to a file first")
    }

    @Test("10,000 columns, a 10 MB line and JSON nested 1,000 deep load")
    func largeInputs() throws {
        let columns = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
        let values = (0..<10_000).map(String.init).joined(separator: ",")
        let wide = Fixtures.temporary("day," + columns + "\n2026-01-01," + values + "\n")
        let long = Fixtures.temporary("day,note\n2026-01-01," + String(repeating: "x", count: 10_000_000) + "\n")
        let deep = Fixtures.temporary("{\"day\": \"2026-01-01\", \"v\": " + String(repeating: "[", count: 1_000)
                                      + String(repeating: "]", count: 1_000) + "}\n", name: "deep.jsonl")
        let recorder = session()
        #expect(recorder.run("load \"\(wide)\" as wide; metric s = sum(wide.c9999); show s") == nil)
        #expect(try recorder.last(\.view).columns[0].values[0] == [9_999])
        #expect(recorder.run("load \"\(long)\" as long; describe long") == nil)
        #expect(recorder.run("load \"\(deep)\" as deep") == nil)
        #expect(recorder.session.workspace.table(named: "deep")?.column(named: "v")?.type == .text, "nested values are text")
    }
}
