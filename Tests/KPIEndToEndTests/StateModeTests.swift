import Foundation
import Testing

/// What kpi keeps of a session (journal, history) is private to its user.
@Suite("State files")
struct StateModeTests {
    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("the journal's folders are created 0700 and its files 0600")
    func journal() throws {
        let state = try KPIProcess.temporaryFolder() + "/fresh/state"
        let result = try KPIProcess.run(["-c", "let x = 1"], state: state)
        #expect(result.status == 0)
        #expect(try mode(state) == 0o700)
        #expect(try mode(state + "/kpi") == 0o700)
        #expect(try mode(state + "/kpi/journal") == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: state + "/kpi/journal")
        #expect(files.count == 1)
        for file in files { #expect(try mode(state + "/kpi/journal/" + file) == 0o600) }
    }
}
