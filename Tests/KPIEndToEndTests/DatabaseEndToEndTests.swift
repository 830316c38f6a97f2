import Foundation
import Testing

/// The real binary against the test server: a password typed into `connect` reaches no
/// file kpi writes and no line it prints.
@Suite("Databases, end to end")
struct DatabaseEndToEndTests {
    static let url = ProcessInfo.processInfo.environment["KPI_TEST_PG"]
    static let password = ProcessInfo.processInfo.environment["PGPASSWORD"]
    static let enabled = (url != nil && password != nil) || ProcessInfo.processInfo.environment["CI"] == "true"

    @Test("a password in the address is not in the output, the journal or a saved session", .enabled(if: enabled))
    func passwordStaysOut() throws {
        let url = try #require(Self.url, "KPI_TEST_PG is not set: run make test")
        let password = try #require(Self.password)
        let withPassword = url.replacingOccurrences(of: "postgresql://kpi@", with: "postgresql://kpi:\(password)@")
        let state = try KPIProcess.temporaryFolder()
        let saved = state + "/session.kpi"
        let result = try KPIProcess.run(["-c", "connect wh \"\(withPassword)\"; tables wh; save \"\(saved)\"; connect bad \"\(withPassword)x\""],
                                        state: state)
        #expect(result.status == 1, "the second connect uses a wrong database name and fails")
        #expect(result.stdout.contains("connected wh: PostgreSQL postgresql://kpi:***@127.0.0.1"))
        #expect(result.stderr.contains("postgresql://kpi:***@"))
        let files = try FileManager.default.subpathsOfDirectory(atPath: state).map { state + "/" + $0 }
        var read = 0
        for file in files where !file.hasSuffix("/kpi") && !file.hasSuffix("/journal") {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            read += 1
            #expect(!text.contains(password), "\(file) holds the password")
        }
        #expect(read >= 2, "the journal and the saved session were read")
        #expect(!(result.stdout + result.stderr).contains(password))
        #expect(try String(contentsOfFile: saved, encoding: .utf8).contains("connect wh \"postgresql://kpi:***@"))
    }
}
