import Foundation
import Testing

@Suite("kpi runs scripts")
struct ScriptTests {
    @Test("-c runs statements separated by ';' and prints plain, aligned output")
    func command() throws {
        let result = try KPIProcess.run(["-c", "load \"\(KPIProcess.fixture("tabs.tsv"))\" as ads; head ads"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.hasSuffix("""
            date        channel  clicks
            ──────────  ───────  ──────
            2026-01-01  search       10
            2026-01-02  social        —

            """))
        #expect(!result.stdout.contains("\u{1B}["), "no escape codes when output is not a terminal")
    }

    @Test("a script stops at its first error with status 1 and says file:line:column")
    func scriptError() throws {
        let folder = try KPIProcess.temporaryFolder()
        let script = folder + "/plan.kpi"
        try "load \"\(KPIProcess.fixture("tabs.tsv"))\" as ads\ndescribe adz\ntables\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try KPIProcess.run([script])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("loaded ads: 2 rows × 3 columns"))
        #expect(!result.stdout.contains("table  rows"), "the statement after the error did not run")
        #expect(result.stderr == """
            error: no table named 'adz'
             --> \(script):2:10
              |
            2 | describe adz
              |          ^^^
              = help: did you mean 'ads'?

            """)
    }

    @Test("piped standard input runs like a script, with no prompt")
    func pipedInput() throws {
        let result = try KPIProcess.run([], input: "grain week\ngrain\n")
        #expect(result.status == 0)
        #expect(result.stdout == "grain: week\ngrain: week\n")
        let failing = try KPIProcess.run([], input: "grain week\ngrain fortnight\n")
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("--> <stdin>:2:7"))
    }

    @Test("save writes the successful statements; replaying the file prints the same results")
    func saveAndReplay() throws {
        let folder = try KPIProcess.temporaryFolder()
        let data = KPIProcess.fixture("messy.csv")
        let session = """
            load "\(data)" as ads
            timer on
            head ads 2
            help load
            # a comment typed at the prompt
            grain week
            save "\(folder)/s.kpi"
            """
        #expect(try KPIProcess.run([], input: session, in: folder).status == 0)
        let saved = try String(contentsOfFile: folder + "/s.kpi", encoding: .utf8)
        #expect(saved == """
            # kpi session · format 1
            load "\(data)" as ads
            head ads 2
            # a comment typed at the prompt
            grain week

            """)
        let replay = try KPIProcess.run([folder + "/s.kpi"])
        let direct = try KPIProcess.run(["-c", "load \"\(data)\" as ads; head ads 2; grain week"])
        #expect(replay.status == 0)
        #expect(replay.stdout == direct.stdout)
    }

    @Test("a session of metrics saves and replays to byte-identical output")
    func metricsRoundTrip() throws {
        let folder = try KPIProcess.temporaryFolder()
        let data = KPIProcess.fixture("metrics.csv")
        let statements = """
            load "\(data)" as m
            metric spend = sum(m.spend)
            metric customers = sum(m.customers) where m.channel == "search"
            metric cac = spend /
              customers
            metric bad = spend / nothing
            let budget = 1.2k
            key cac, customers
            show spend, customers, cac, budget
            show cac by m.channel as csv
            grain week
            chart spend
            summary
            explain cac
            drop budget
            """
        let live = try KPIProcess.run([], input: statements.replacingOccurrences(of: "metric bad = spend / nothing\n", with: "")
                                      + "\nsave \"\(folder)/metrics.kpi\"\n", in: folder)
        #expect(live.status == 0, "\(live.stderr)")
        let saved = try String(contentsOfFile: folder + "/metrics.kpi", encoding: .utf8)
        #expect(saved.contains("metric cac = spend /\n  customers\n"), "a continued statement is saved as typed")
        let replay = try KPIProcess.run([folder + "/metrics.kpi"])
        #expect(replay.status == 0)
        #expect(replay.stdout + "saved 13 statements to \(folder)/metrics.kpi\n" == live.stdout)
        let failing = try KPIProcess.run([], input: statements)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("error: 'nothing' is not defined"))
    }

    @Test("run reports an error inside the script it runs, and where it was called from")
    func nestedRun() throws {
        let script = KPIProcess.fixture("script-error.kpi")
        let result = try KPIProcess.run(["-c", "run \"\(script)\""], in: KPIProcess.fixture(""))
        #expect(result.status == 1)
        #expect(result.stderr.contains("--> \(script):2:1"))
        #expect(result.stderr.contains("= note: called from run \"\(script)\""))
    }

    @Test("every statement is journaled as it runs, failures as comments")
    func journal() throws {
        let state = try KPIProcess.temporaryFolder()
        _ = try KPIProcess.run([], input: "grain week\ngrain fortnight\n", state: state)
        let folder = state + "/kpi/journal"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        try #require(files.count == 1, "journal files: \(files)")
        let text = try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8)
        #expect(text.hasSuffix("grain week\n#! grain fortnight\n"))
    }

    @Test("-i runs the file, then reads more statements")
    func interactiveAfterScript() throws {
        let folder = try KPIProcess.temporaryFolder()
        try "grain quarter\n".write(toFile: folder + "/a.kpi", atomically: true, encoding: .utf8)
        let result = try KPIProcess.run(["-i", folder + "/a.kpi"], input: "grain\n")
        #expect(result.stdout == "grain: quarter\ngrain: quarter\n")
    }

    @Test("timer on prints each statement's time")
    func timer() throws {
        let result = try KPIProcess.run(["-c", "timer on; grain day"])
        let lines = result.stdout.split(separator: "\n")
        try #require(lines.count == 3, "\(result.stdout)\(result.stderr)")
        #expect(lines[1] == "grain: day")
        #expect(lines[2].hasPrefix("(") && lines[2].hasSuffix(" ms)"))
    }

    @Test("--format makes csv the default for show; `as` still wins")
    func defaultFormat() throws {
        let data = KPIProcess.fixture("metrics.csv")
        let result = try KPIProcess.run(["--format", "csv", "-c", "load \"\(data)\" as m; metric c = sum(m.customers); show c last 1; show c last 1 as json"])
        #expect(result.stdout.hasSuffix("period,c\n2026-03,3\n[\n  {\"period\": \"2026-03\", \"c\": 3}\n]\n"))
    }

    @Test("a missing script file is a clear error")
    func missingScript() throws {
        let result = try KPIProcess.run(["nope.kpi"])
        #expect(result.status == 1)
        #expect(result.stderr == "cannot run nope.kpi: no such file\n")
    }
}
