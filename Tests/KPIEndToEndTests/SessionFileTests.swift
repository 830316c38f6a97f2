import Foundation
import Testing

@Suite("Example sessions")
struct SessionFileTests {
    static var sessions: [String] {
        let folder = KPIProcess.packageRoot + "/sessions"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".kpi") }.sorted().map { folder + "/" + $0 }
    }

    @Test("sessions/ holds example sessions")
    func present() {
        #expect(!Self.sessions.isEmpty)
    }

    @Test("every session in sessions/ replays without an error, the same way twice", arguments: sessions)
    func replays(_ path: String) throws {
        let first = try KPIProcess.run([path])
        #expect(first.status == 0)
        #expect(first.stderr == "")
        #expect(!first.stdout.isEmpty)
        let second = try KPIProcess.run([path])
        #expect(second.stdout == first.stdout, "deterministic output")
    }
}
