import Testing
@testable import KPICore

/// Random messy inputs (from a fixed seed): loading either succeeds or reports an
/// error with a place — it never crashes, and a failed load changes nothing.
@Suite("Robustness")
struct RobustnessTests {
    private static let pieces = [
        ",", ";", "\t", "\"", "\"\"", "\n", "\r\n", "a", "12", "-3.5", "$1,200.50", "12%", "(4)", "2026-01-05",
        "2026-13-40", "2026-01-05T10:00:00Z", "N/A", "true", "é", "€", " ", "{", "}", ":", "\u{0}", "\u{FF}",
    ]

    @Test("300 random messy files: a table or a clear error, never a crash")
    func randomFiles() throws {
        var random = Rng(seed: 2026)
        var loaded = 0, refused = 0
        for round in 0..<300 {
            var text = ["date,channel,spend\n", "a;b\n", "{\"x\":1}\n", ""][random.int(below: 4)]
            for _ in 0..<random.int(below: 120) { text += Self.pieces[random.int(below: Self.pieces.count)] }
            let name = ["data.csv", "data.tsv", "data.jsonl", "data.txt"][random.int(below: 4)]
            let recorder = Recorder()
            recorder.run("load \"\(Fixtures.path("tabs.tsv"))\" as keep")
            let diagnostic = recorder.run("load \"\(Fixtures.temporary(text, name: name))\" as t")
            if let diagnostic {
                refused += 1
                #expect(!diagnostic.description.isEmpty, "round \(round)")
                #expect(recorder.session.workspace.table(named: "t") == nil)
            } else {
                loaded += 1
                let table = try #require(recorder.session.workspace.table(named: "t"), "round \(round): loaded but not kept")
                #expect(table.columns.allSatisfy { $0.data.count == table.rowCount }, "round \(round): a column of another length")
                _ = recorder.run("describe t; head t 3")
            }
            #expect(recorder.session.workspace.table(named: "keep")?.rowCount == 2, "round \(round)")
        }
        // Both branches ran, so neither set of checks above was skipped altogether.
        #expect(loaded > 0, "no random file loaded: the checks on a loaded table never ran")
        #expect(refused > 0, "every random file loaded: the checks on an error never ran")
    }

    @Test("random statements: parse errors point inside the text, nothing crashes")
    func randomStatements() {
        let words = ["metric", "let", "show", "load", "goal", "x", "=", "(", ")", "sum", "t.c", "1", "50k", "4%", "\"s\"",
                     "by", "where", ",", "+", "/", "^", "2026-03", "2026-W60", "@", "#", "plan", "scenario", ":", "and"]
        var random = Rng(seed: 7)
        var failed = 0
        for _ in 0..<500 {
            let text = (0..<random.int(below: 10)).map { _ in words[random.int(below: words.count)] }.joined(separator: " ")
            let recorder = Recorder()
            if let diagnostic = recorder.run("let x = 1\n" + text) {
                failed += 1
                #expect(diagnostic.error.range.start.line >= 1)
                #expect(!diagnostic.description.isEmpty)
            }
        }
        #expect(failed > 0, "no random statement failed: the checks on its error never ran")
    }
}
