import Foundation
import Testing

@Suite("Reports")
struct ReportTests {
    @Test("export writes an HTML page with statements, narration, tables and inline SVG charts, and Markdown with charts beside it")
    func export() throws {
        let folder = try KPIProcess.temporaryFolder()
        try "day,channel,spend\n2026-01-05,search,100\n2026-02-05,search,120\n2026-03-05,social,90\n"
            .write(toFile: folder + "/data.csv", atomically: true, encoding: .utf8)
        let statements = """
            load "data.csv"
            # Spend & channels <by month>
            metric spend = sum(data.spend)
            show spend
            chart spend
            chart spend by data.channel
            export "report.html"
            export "report.md"
            """
        let result = try KPIProcess.run([], input: statements, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("exported 5 statements to report.html (2 charts inline)"))
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<p>Spend &amp; channels &lt;by month&gt;</p>"))
        #expect(html.contains("<pre class=\"statement\">metric spend = sum(data.spend)</pre>"))
        #expect(html.contains("<table><thead><tr><th class=\"label\">period</th><th>spend</th></tr></thead><tbody><tr><td class=\"label\">2026-01</td><td>100</td></tr>"))
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""), "no network resources")
        let markdown = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(markdown.contains("```kpi\nshow spend\n```\n\n| period | spend |\n|---|---:|\n| 2026-01 | 100 |"))
        #expect(markdown.contains("![chart 1](report_files/chart-1.svg)"))
        let svg = try String(contentsOfFile: folder + "/report_files/chart-2.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains(">search</text>"))
    }

    @Test("--safe refuses export")
    func safeExport() throws {
        let folder = try KPIProcess.temporaryFolder()
        try "let x = 1\nexport \"r.html\"\n".write(toFile: folder + "/r.kpi", atomically: true, encoding: .utf8)
        let result = try KPIProcess.run(["--safe", "r.kpi"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("export is refused: this session replays a file with --safe"))
    }
}
