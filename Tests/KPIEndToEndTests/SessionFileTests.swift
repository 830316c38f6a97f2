import Foundation
import Testing

@Suite("Example sessions")
struct SessionFileTests {
    static var sessions: [String] {
        let folder = KPIProcess.packageRoot + "/sessions"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".kpi") }.sorted().map { folder + "/" + $0 }
    }

    @Test("sessions/ holds the tour, the workshop, the budget plan and the forecasts")
    func present() throws {
        // Listed with `try` here: `sessions` (the arguments of `check`) cannot throw, so a folder it
        // cannot read would leave `check` with no arguments, running nothing.
        _ = try FileManager.default.contentsOfDirectory(atPath: KPIProcess.packageRoot + "/sessions")
        #expect(!Self.sessions.isEmpty, "no .kpi files in sessions/: the check test below runs for none")
        let names = Self.sessions.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names.contains("tour.kpi"))
        #expect(names.contains("workshop-smart-goals.kpi"))
        #expect(names.contains("budget-planning.kpi"))
        #expect(names.contains("forecasts.kpi"))
    }

    @Test("kpi check passes on every session in sessions/: its recorded output is what it prints now", arguments: sessions)
    func check(_ path: String) throws {
        let result = try KPIProcess.run(["check", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("all outputs match\n"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\n#> "), "saved with output")
    }
}
