import Foundation
import Testing

/// `kpi -q`: only results and errors, so output goes straight into a pipe.
@Suite("Quiet output")
struct QuietTests {
    private let statements = """
        load "tabs.tsv" as ads; metric clicks = sum(ads.clicks); let budget = 1k; timer on; show clicks as csv
        """

    @Test("-q prints only the view's CSV: no load, definition or timer lines")
    func csv() throws {
        let quiet = try KPIProcess.run(["-q", "-c", statements], in: KPIProcess.fixture(""))
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "period,clicks\n2026-01,10\n")
        let loud = try KPIProcess.run(["-c", statements], in: KPIProcess.fixture(""))
        #expect(loud.stdout.hasPrefix("loaded ads"), "without -q the confirmations are there")
    }

    @Test("--quiet still reports errors, on standard error, with exit status 1")
    func errors() throws {
        let result = try KPIProcess.run(["--quiet", "-c", "load \"tabs.tsv\" as ads; show clcks"], in: KPIProcess.fixture(""))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: 'clcks' is not defined"))
    }
}
