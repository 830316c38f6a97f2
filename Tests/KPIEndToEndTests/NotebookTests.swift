import Foundation
import Testing

/// Sessions as notebooks: check, update, undo and reset, --set, --safe, recovery.
@Suite("Sessions as notebooks")
struct NotebookTests {
    /// A folder with a small dataset and a session saved with output.
    private func notebook() throws -> String {
        let folder = try KPIProcess.temporaryFolder()
        try "day,spend,customers\n2026-01-05,100,4\n2026-02-05,120,5\n2026-03-05,90,3\n"
            .write(toFile: folder + "/data.csv", atomically: true, encoding: .utf8)
        let session = """
            load "data.csv"
            # spend per customer
            metric cac = sum(data.spend) / sum(data.customers)
            let budget = 1000
            metric planned = budget / latest(cac)
            show cac, planned
            save "plan.kpi" with output
            """
        let result = try KPIProcess.run([], input: session, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    @Test("save with output writes #> lines; check passes, then fails on a changed dataset with a diff")
    func checkAndChange() throws {
        let folder = try notebook()
        let saved = try String(contentsOfFile: folder + "/plan.kpi", encoding: .utf8)
        #expect(saved.hasPrefix("# kpi session · format 1\nload \"data.csv\"\n#> loaded data: 3 rows × 3 columns"))
        #expect(saved.contains("# spend per customer\nmetric cac = sum(data.spend) / sum(data.customers)\n#> metric cac: 3 months"))
        #expect(try KPIProcess.run(["check", "plan.kpi"], in: folder).status == 0)
        try "day,spend,customers\n2026-01-05,100,4\n2026-02-05,120,5\n2026-03-05,90,2\n"
            .write(toFile: folder + "/data.csv", atomically: true, encoding: .utf8)
        let changed = try KPIProcess.run(["check", "plan.kpi"], in: folder)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("--- plan.kpi:5 (recorded)\n+++ plan.kpi:5 (now)\n@@ metric cac = sum(data.spend) / sum(data.customers) @@\n-metric cac: 3 months, latest 2026-03 = 30\n+metric cac: 3 months, latest 2026-03 = 45"))
        #expect(changed.stderr.contains("print something else now"))
        #expect(try KPIProcess.run(["check", "--update", "plan.kpi"], in: folder).status == 0)
        #expect(try KPIProcess.run(["check", "plan.kpi"], in: folder).status == 0)
    }

    @Test("saving over a file needs save! outside the prompt")
    func overwrite() throws {
        let folder = try notebook()
        let again = try KPIProcess.run([], input: "let x = 1\nsave \"plan.kpi\"\n", in: folder)
        #expect(again.status == 1)
        #expect(again.stderr.contains("plan.kpi already exists; save! \"plan.kpi\" replaces it"))
        #expect(try KPIProcess.run([], input: "let x = 1\nsave! \"plan.kpi\"\n", in: folder).status == 0)
    }

    @Test("undo reverts the last change and reset empties the workspace; save keeps only what stands")
    func undoReset() throws {
        let folder = try KPIProcess.temporaryFolder()
        let result = try KPIProcess.run([], input: """
            let a = 1
            let b = 2
            undo
            show a
            reset
            let c = 3
            undo
            undo
            save "s.kpi"
            """, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("undid: let b = 2"))
        let saved = try String(contentsOfFile: folder + "/s.kpi", encoding: .utf8)
        #expect(saved == "# kpi session · format 1\nlet a = 1\nshow a\n")
    }

    @Test("--set and run … with replace a file's assumptions; an unknown name lists the ones it has")
    func parameters() throws {
        let folder = try notebook()
        let set = try KPIProcess.run(["plan.kpi", "--set", "budget=2k"], in: folder)
        #expect(set.stdout.contains("let budget = 2,000"))
        let run = try KPIProcess.run(["-c", "run \"plan.kpi\" with budget = 3k; show planned"], in: folder)
        #expect(run.stdout.contains("let budget = 3,000"))
        let unknown = try KPIProcess.run(["plan.kpi", "--set", "budgt=2k"], in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == """
            error: plan.kpi defines no assumption 'budgt'
             --> --set:1:1
              |
            1 | budgt=2k
              | ^^^^^
              = help: did you mean 'budget'? its assumptions: budget

            """)
        let unknownInRun = try KPIProcess.run(["-c", "run \"plan.kpi\" with budgt = 3k"], in: folder)
        #expect(unknownInRun.stderr.contains("error: plan.kpi defines no assumption 'budgt'"))
        #expect(unknownInRun.stderr.contains("= help: did you mean 'budget'? its assumptions: budget"))
        let several = try KPIProcess.run(["plan.kpi", "--set", "budget=2k, budget=4k"], in: folder)
        #expect(several.stdout.contains("let budget = 4,000"), "a --set may hold several, the last one wins")
    }

    @Test("--safe refuses writing files and reading outside the file's folder, naming the flag")
    func safe() throws {
        let folder = try notebook()
        let outside = try KPIProcess.temporaryFolder()
        try "load \"../\(URL(fileURLWithPath: folder).lastPathComponent)/data.csv\"\n"
            .write(toFile: outside + "/peek.kpi", atomically: true, encoding: .utf8)
        try "let x = 1\nsave \"copy.kpi\"\n".write(toFile: outside + "/write.kpi", atomically: true, encoding: .utf8)
        let peek = try KPIProcess.run(["--safe", outside + "/peek.kpi"], in: outside)
        #expect(peek.status == 1)
        #expect(peek.stderr.contains("is refused: this session replays a file with --safe, which may read only its own folder and the current directory"))
        let write = try KPIProcess.run(["--safe", outside + "/write.kpi"], in: outside)
        #expect(write.stderr.contains("save is refused: this session replays a file with --safe"))
        #expect(try KPIProcess.run(["--safe", "plan.kpi"], in: folder).status == 0, "reading its own folder is fine")
    }

    @Test("a session killed with kill -9 after N statements recovers all N")
    func recovery() throws {
        let state = try KPIProcess.temporaryFolder()
        let folder = try notebook()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KPIProcess.binary())
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = state
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("load \"data.csv\"\nmetric c = sum(data.customers)\nlet k = 7\n".utf8))
        // Wait until the journal holds the three statements, then kill without warning.
        // (Until then the journal may not exist yet, so a failed read only means "not yet".)
        let journal = state + "/kpi/journal"
        var journaled = false
        for _ in 0..<100 {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []
            if let file = files.first, let text = try? String(contentsOfFile: journal + "/" + file, encoding: .utf8),
               text.contains("let k = 7") { journaled = true; break }
            usleep(50_000)
        }
        #expect(journaled, "after 5 s the journal in \(journal) still did not hold the three statements")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let listed = try KPIProcess.run(["--recover"], in: folder, state: state)
        #expect(listed.stdout.contains("1  "))
        #expect(listed.stdout.contains("3 statements"))
        let reopened = try KPIProcess.run(["--recover", "1"], input: "show c, k\n", in: folder, state: state)
        #expect(reopened.status == 0, "\(reopened.stderr)")
        #expect(reopened.stdout.contains("reopening the session"))
        #expect(reopened.stdout.contains("2026-03  3  7"))
    }

    @Test("a truncated, binary or future-version session file gives a clear error")
    func brokenFiles() throws {
        let folder = try KPIProcess.temporaryFolder()
        try "let a = 1\nmetric b = a +".write(toFile: folder + "/cut.kpi", atomically: true, encoding: .utf8)
        try "# kpi session · format 9\nlet a = 1\n".write(toFile: folder + "/future.kpi", atomically: true, encoding: .utf8)
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2]).write(to: URL(fileURLWithPath: folder + "/binary.kpi"))
        let cut = try KPIProcess.run(["cut.kpi"], in: folder)
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("error: expected a value (a number, a name, table.column or a function), found the end of the input"))
        let future = try KPIProcess.run(["future.kpi"], in: folder)
        #expect(future.stderr == "cannot run future.kpi: it was saved in session format 9 by a newer kpi; this one reads format 1\n")
        let binary = try KPIProcess.run(["binary.kpi"], in: folder)
        #expect(binary.stderr == "cannot run binary.kpi: not a text file\n")
    }

    @Test("replay without --step plays a session through, showing each statement")
    func replay() throws {
        let folder = try notebook()
        let result = try KPIProcess.run(["replay", "plan.kpi", "--delay", "0"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("kpi> load \"data.csv\"\nloaded data"))
        #expect(result.stdout.contains("spend per customer\nkpi> metric cac"))
    }
}
