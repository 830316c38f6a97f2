import Foundation
import Testing

/// `--safe` may not be escaped: paths are checked as real paths, links followed.
@Suite("--safe")
struct SafeModeTests {
    /// `shared/` holds the replayed script and its data; `outside/` data it must not read;
    /// the run happens in `elsewhere/`, an empty current directory.
    private struct Layout {
        let root: String
        var shared: String { root + "/shared" }
        var outside: String { root + "/outside" }
        var elsewhere: String { root + "/elsewhere" }

        init() throws {
            root = try KPIProcess.temporaryFolder()
            for folder in [shared, shared + "/sub", outside, elsewhere] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let data = "day,v\n2026-01-01,1\n"
            try data.write(toFile: shared + "/data.csv", atomically: true, encoding: .utf8)
            try data.write(toFile: outside + "/secret.csv", atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: shared + "/link.csv", withDestinationPath: outside + "/secret.csv")
            try FileManager.default.createSymbolicLink(atPath: shared + "/door", withDestinationPath: outside)
            try "load \"data.csv\"\n".write(toFile: outside + "/inner.kpi", atomically: true, encoding: .utf8)
        }

        /// Replays `statements` as shared/script.kpi with --safe from elsewhere/.
        func replay(_ statements: String, home: String? = nil) throws -> KPIProcess.Result {
            try statements.write(toFile: shared + "/script.kpi", atomically: true, encoding: .utf8)
            return try KPIProcess.run(["--safe", shared + "/script.kpi"], in: elsewhere, home: home)
        }
    }

    @Test("the script's own folder, and a nested run's folder, may be read")
    func allowed() throws {
        let layout = try Layout()
        #expect(try layout.replay("load \"data.csv\"\n").status == 0)
        try "load \"../data.csv\" as again\n".write(toFile: layout.shared + "/sub/nested.kpi", atomically: true, encoding: .utf8)
        let nested = try layout.replay("run \"sub/nested.kpi\"\n")
        #expect(nested.status == 0, "\(nested.stderr)")
    }

    @Test("a link, .., ~, an absolute path or a linked folder cannot reach outside", arguments: [
        "load \"link.csv\"", "load \"../outside/secret.csv\"", "load \"~/secret.csv\"", "load \"door/secret.csv\"",
        "run \"door/inner.kpi\"", "load \"sub/../../outside/secret.csv\"",
    ])
    func refused(statement: String) throws {
        let layout = try Layout()
        let result = try layout.replay(statement + "\n", home: layout.outside)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is refused: this session replays a file with --safe, which may read only its own folder"),
                "\(result.stderr)")
    }

    @Test("an absolute path outside is refused")
    func absolute() throws {
        let layout = try Layout()
        let result = try layout.replay("load \"\(layout.outside)/secret.csv\"\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("is refused"))
    }
}
