import Testing
@testable import KPICore
@testable import KPIRender

@Suite("Rendering")
struct RenderTests {
    @Test("numbers read as people write them")
    func numbers() {
        #expect(NumberFormat.format(1234.5) == "1,234.5")
        #expect(NumberFormat.format(-1_234_567.891, decimals: 2) == "-1,234,567.89")
        #expect(NumberFormat.format(0.5, decimals: 2, fixed: true) == "0.50")
        #expect(NumberFormat.format(-0.0001, decimals: 2) == "0")
        #expect(NumberFormat.percent(0.042) == "4.2%")
        #expect(NumberFormat.money(1200.5, sign: "$") == "$1,200.50")
        #expect(NumberFormat.money(-5, sign: "€") == "-€5.00")
        #expect(NumberFormat.count(12_420) == "12,420")
        #expect(NumberFormat.decimalsNeeded(1546.6) == 1)
        #expect(NumberFormat.decimalsNeeded(914.28) == 2)
        #expect(NumberFormat.decimalsNeeded(3) == 0)
    }

    @Test("a table aligns numbers right and text left, and fits the terminal")
    func table() {
        var table = TextTable(headers: ["name", "rows", "note"], alignments: [.left, .right, .left])
        table.rows = [["ads", "12,420", "a long note that will not fit"], ["web", "8", "short"]]
        #expect(table.render(.plain) == """
            name    rows  note
            ────  ──────  ─────────────────────────────
            ads   12,420  a long note that will not fit
            web        8  short
            """)
        #expect(table.render(TerminalStyle(color: false, unicode: true, width: 30)) == """
            name    rows  note
            ────  ──────  ───────────────
            ads   12,420  a long note th…
            web        8  short
            """)
    }

    @Test("a head of the messy export shows money, percentages and nulls")
    func rows() throws {
        let recorder = Recorder()
        try recorder.mustRun("load \"\(Fixtures.path("messy.csv"))\" as ads; head ads 2")
        let rows = try recorder.last(\.rows)
        #expect(OutputRenderer(style: .plain).render(.rows(rows)) == """
            day         campaign_name  spend_usd   ctr  active  notes
            ──────────  ─────────────  ─────────  ────  ──────  ─────────
            2026-01-05  Winter Sale    $1,200.50  3.4%  true    plain
            2026-01-06  Brand; Search    $980.00   12%  false   said "hi"
            … 2 more rows
            """)
    }
}
