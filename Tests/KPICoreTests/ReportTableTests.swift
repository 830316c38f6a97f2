import Glibc
import Testing
@testable import KPICore
@testable import KPIRender

/// Report tables are drawn from typed cells, so text that looks like Markdown stays text.
@Suite("Report tables")
struct ReportTableTests {
    private func exported(_ name: String) throws -> String {
        let data = Fixtures.temporary("day,channel,spend\n2026-01-05,paid | social,10\n2026-01-06,search,5\n")
        let recorder = Recorder()
        recorder.session.exporter = { path, entries in try ReportWriter().write(entries, to: path) }
        let folder = String(data[..<data.lastIndex(of: "/")!])
        let failure = recorder.run("""
            load "\(data)" as t
            metric spend = sum(t.spend)
            show spend by t.channel
            export "\(folder)/\(name)"
            """)
        #expect(failure == nil, "\(failure?.description ?? "")")
        let file = try #require(fopen(folder + "/" + name, "r"))
        defer { fclose(file) }
        var text = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil { text += buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
        return text
    }

    @Test("a label holding | stays one HTML cell, and the numbers stay in theirs")
    func htmlCell() throws {
        let html = try exported("r.html")
        #expect(html.contains("<tr><td class=\"label\">2026-01</td><td class=\"label\">paid | social</td><td>10</td></tr>"))
        #expect(html.contains("<tr><th class=\"label\">period</th><th class=\"label\">channel</th><th>spend</th></tr>"))
    }

    @Test("in Markdown the | inside a cell is escaped")
    func markdownCell() throws {
        let markdown = try exported("r.md")
        #expect(markdown.contains("| 2026-01 | paid \\| social | 10 |"))
        #expect(markdown.contains("|---|---|---:|"))
    }
}
