import Foundation
import Testing

@Suite("Lessons, run as a student and a trainer would")
struct LessonEndToEndTests {
    static let lessonFolder = KPIProcess.packageRoot + "/sessions/lessons"
    static var lessons: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessonFolder)) ?? []
        return names.filter { $0.hasSuffix(".kpi") }.sorted().map { lessonFolder + "/" + $0 }
    }

    @Test("three lessons ship: the seven KPIs, SMART goals, a budget what-if")
    func shipped() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.lessonFolder).sorted()
        #expect(names == ["budget-what-if.kpi", "seven-kpis.kpi", "smart-goals.kpi"])
    }

    @Test("kpi lesson check passes on every shipped lesson", arguments: lessons)
    func check(_ path: String) throws {
        let result = try KPIProcess.run(["lesson", "check", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("every solution passes its checks and none passes before it"))
    }

    @Test("kpi lesson check names the exercise whose solution fails its own checks, and exits 1")
    func checkFails() throws {
        let folder = try KPIProcess.temporaryFolder()
        let path = folder + "/broken.kpi"
        try """
            # A broken lesson
            load "\(KPIProcess.fixture("visits.csv"))" as v
            exercise rows "Count the rows."
              hint "count(v)"
              expect rows = 5
              solution metric rows = count(v) * 2
            end
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try KPIProcess.run(["lesson", "check", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: the solution of exercise rows does not pass this check: it finds rows at 2026-04 = 2, "
                                       + "and the check wants 5 ± 0.5\n --> \(path):5:10\n"), "at the expect line: \(result.stderr)")
        #expect(result.stderr.hasSuffix("\(path): 1 problem in 1 exercise\n"))
    }

    /// Environment for a pseudo-terminal session with its own state folder.
    private func terminalEnvironment(state: String) -> [String: String] {
        var environment = PseudoTerminal.environment(state: state)
        environment["USER"] = "ana"
        return environment
    }

    @Test("a student at a terminal: a wrong answer, a hint, the right answer, quit, and resume where they left")
    func student() throws {
        let state = try KPIProcess.temporaryFolder()
        let lesson = "sessions/lessons/seven-kpis.kpi"
        var terminal = try PseudoTerminal(try KPIProcess.binary(), arguments: ["lesson", lesson],
                                          environment: terminalEnvironment(state: state), directory: KPIProcess.packageRoot)
        try terminal.waitForPrompt("kpi[lesson 1/8]> ", after: try terminal.waitFor("Exercise 1 of 8 · customers"))
        #expect(terminal.screen.contains("Lesson 1: the seven classic marketing KPIs"))
        #expect(terminal.screen.contains("loaded orders: 7,314 rows"), "the lesson's own statements ran, their output shown")

        func type(_ line: String, expect expected: String, prompt: String) throws {
            let mark = terminal.mark
            terminal.send(line + "\r")
            try terminal.waitForPrompt(prompt, after: try terminal.waitFor(expected, after: mark))
        }
        try type("metric customers = count(orders.customer_id)", expect: "wanted: 274 ± 0.5", prompt: "kpi[lesson 1/8]> ")
        #expect(terminal.screen.contains("✗ customers at 2026-10 = 279"), "the value they got, against the target")
        #expect(!terminal.screen.contains("count_distinct(orders.customer_id)\n"), "the solution is not given away")
        try type("hint", expect: "Hint 1 of 2: Counting rows would count orders", prompt: "kpi[lesson 1/8]> ")
        try type("metric customers = count_distinct(orders.customer_id)", expect: "Exercise 2 of 8 · customer_growth",
                 prompt: "kpi[lesson 2/8]> ")
        #expect(terminal.screen.contains("✓ Correct."))
        let mark = terminal.mark
        terminal.send("quit\r")
        try terminal.waitFor("Progress saved (1 of 8 exercises done)", after: mark)
        #expect(try terminal.waitForExit() == 0)

        let progressFolder = state + "/kpi/lessons"
        let files = try FileManager.default.contentsOfDirectory(atPath: progressFolder)
        #expect(files.count == 1 && files[0].hasPrefix("seven-kpis-") && files[0].hasSuffix(".json"))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: progressFolder + "/" + files[0])))
            as? [String: Any])
        #expect(record["student"] as? String == "ana")
        let first = try #require((record["exercises"] as? [[String: Any]])?.first)
        #expect(first["status"] as? String == "done")
        #expect(first["attempts"] as? Int == 2)
        #expect(first["hints"] as? Int == 1)
        #expect(first["wrong"] as? [String] == ["279"])

        // Back the next day: the session is rebuilt (customers is defined again) and the lesson goes on.
        terminal = try PseudoTerminal(try KPIProcess.binary(), arguments: ["lesson", lesson],
                                      environment: terminalEnvironment(state: state), directory: KPIProcess.packageRoot)
        try terminal.waitForPrompt("kpi[lesson 2/8]> ", after: try terminal.waitFor("Exercise 2 of 8 · customer_growth"))
        #expect(terminal.screen.contains("Welcome back, ana: 1 of 8 exercises done."))
        #expect(!terminal.screen.contains("loaded orders"), "what was done before is replayed quietly")
        try type("metric customer_growth = growth(customers)", expect: "Exercise 3 of 8 · cac", prompt: "kpi[lesson 3/8]> ")
        try type("progress", expect: "3  cac                    → now", prompt: "kpi[lesson 3/8]> ")
        #expect(terminal.screen.contains("2  customer_growth        ✓ done         1      0"))
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.screen.contains("Progress saved (2 of 8 exercises done)"), "Ctrl-D saves too")
    }

    @Test("piped input plays a lesson (skip, solution, save of the student's own session) and --progress writes the file")
    func piped() throws {
        let folder = try KPIProcess.temporaryFolder()
        let progress = folder + "/ana.json", saved = folder + "/mine.kpi"
        let input = "skip\nsolution\nmetric customer_growth = growth(customers)\nmetric cac = nothing_here\nsave \"\(saved)\"\nquit\n"
        let result = try KPIProcess.run(["lesson", "sessions/lessons/seven-kpis.kpi", "--progress", progress, "--student", "ana"],
                                        input: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Skipped customers; the lesson runs its solution:\n  metric customers = count_distinct(orders.customer_id)"))
        #expect(result.stdout.contains("Solution (your progress notes that you looked):\n  metric customer_growth = growth(customers)"))
        #expect(result.stderr.contains("error: 'nothing_here' is not defined\n --> <stdin>:4:14"), "errors name the input's line")
        #expect(result.stdout.contains("Progress saved (1 of 8 exercises done, 1 skipped) to \(progress)\n"
                                       + "kpi lesson sessions/lessons/seven-kpis.kpi --progress \(progress) picks up where you left off."))
        let text = try String(contentsOfFile: progress, encoding: .utf8)
        #expect(text.contains("\"status\": \"skipped\""))
        #expect(text.contains("\"solution\": true"))
        // The student's session is an ordinary script that replays.
        let mine = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(mine.contains("load \"samples/marketing.csv\"\n"))
        #expect(mine.contains("metric customers = count_distinct(orders.customer_id)\nmetric customer_growth = growth(customers)\n"))
        let replay = try KPIProcess.run([saved])
        #expect(replay.status == 0, "\(replay.stderr)")
    }

    @Test("kpi lesson report sums up a folder of progress files written by students")
    func report() throws {
        let folder = try KPIProcess.temporaryFolder()
        let lesson = "sessions/lessons/smart-goals.kpi"
        let students = [
            ("ana", "objective grow \"Increase the number of sales\"\ngoal more_customers: new_customers >= 1200 by 2026-10 for grow\n"
                + "goal more_customers: new_customers >= 1200 by 2026-12 for grow\nquit\n"),
            ("ben", "objective grow \"Increase the number of sales\"\nhint\ngoal more_customers: new_customers >= 1200 by 2026-10 for grow\n"
                + "skip\nquit\n"),
            ("cy", "objective grw \"Sales\"\nobjective grow \"Increase the number of sales\"\nquit\n"),
        ]
        for (name, input) in students {
            let result = try KPIProcess.run(["lesson", lesson, "--progress", folder + "/\(name).json", "--student", name], input: input)
            #expect(result.status == 0, "\(result.stderr)")
        }
        try "not json".write(toFile: folder + "/stray.json", atomically: true, encoding: .utf8)
        let result = try KPIProcess.run(["lesson", "report", folder])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(folder)/stray.json left out: not JSON (line 1, column 1: unexpected character 'n')"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Lesson 2: from a business objective to SMART goals · 3 students")
        let row = { (name: String) in lines.first { $0.hasPrefix(name + " ") } ?? "" }
        #expect(row("objective").squeezingSpaces.hasPrefix("objective 3 3 0 1.3 0.0 0 0:00 there is no objective grow (there is grw) (1 student)"),
                "cy's misspelt objective is an attempt: \(row("objective"))")
        #expect(row("more_customers").contains("(2 students)"),
                "the same wrong deadline from two students: \(row("more_customers"))")
        #expect(row("more_customers").squeezingSpaces.hasPrefix("more_customers 2 1 1 1.5 0.5 0"))

        let another = try KPIProcess.run(["lesson", "sessions/lessons/seven-kpis.kpi", "--progress", folder + "/dee.json"], input: "skip\nquit\n")
        #expect(another.status == 0, "\(another.stderr)")
        let csv = try KPIProcess.run(["lesson", "report", folder, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("lesson,exercise,reached,finished,skipped,attempts,hints,solution,median time,most common wrong value\n"))
        #expect(csv.stdout.components(separatedBy: "lesson,exercise").count == 2, "one header for both lessons")
        #expect(csv.stdout.contains("\nLesson 1: the seven classic marketing KPIs,customers,1,0,1,"))
        let json = try KPIProcess.run(["lesson", "report", folder, "--format", "json"])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(reports.map { $0["lesson"] as? String } == ["Lesson 2: from a business objective to SMART goals",
                                                            "Lesson 1: the seven classic marketing KPIs"])
        let empty = try KPIProcess.temporaryFolder()
        let none = try KPIProcess.run(["lesson", "report", empty])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no progress files to report on in \(empty)"))
    }

    @Test("a lesson whose data is not there stops at once; progress files are never overwritten by mistake")
    func refusals() throws {
        let folder = try KPIProcess.temporaryFolder()
        let lesson = KPIProcess.packageRoot + "/sessions/lessons/seven-kpis.kpi"
        let elsewhere = try KPIProcess.run(["lesson", lesson], input: "hint\n", in: folder)
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr == """
            error: no such file: samples/marketing.csv
             --> \(lesson):9:6
              |
            9 | load "samples/marketing.csv"
              |      ^^^^^^^^^^^^^^^^^^^^^^^
              = help: paths are relative to the current directory
            The lesson cannot go on without its data. Play it from the folder its paths are relative
            to (for the lessons in sessions/lessons/, the repository's root).

            """)
        #expect(!elsewhere.stdout.contains("Exercise 1 of 8"), "no exercise that cannot be solved")

        let progress = folder + "/ana.json"
        _ = try KPIProcess.run(["lesson", "sessions/lessons/seven-kpis.kpi", "--progress", progress], input: "skip\nquit\n")
        let other = try KPIProcess.run(["lesson", "sessions/lessons/smart-goals.kpi", "--progress", progress], input: "quit\n")
        #expect(other.status == 1)
        #expect(other.stderr == "cannot keep the progress in \(progress): it holds the progress of another lesson, "
                + "\"Lesson 1: the seven classic marketing KPIs\" (sessions/lessons/seven-kpis.kpi)\n"
                + "(keep each lesson's progress in its own file (--progress))\n")
        #expect(try String(contentsOfFile: progress, encoding: .utf8).contains("\"status\": \"skipped\""), "kept as it was")

        let data = folder + "/orders.csv"
        try "order_id,amount\n1,10\n".write(toFile: data, atomically: true, encoding: .utf8)
        let restart = try KPIProcess.run(["lesson", "sessions/lessons/seven-kpis.kpi", "--restart", "--progress", data], input: "quit\n")
        #expect(restart.status == 1)
        #expect(restart.stderr.contains("(it is not a progress file to go on from or replace; name another file with --progress)"))
        #expect(try String(contentsOfFile: data, encoding: .utf8) == "order_id,amount\n1,10\n")
        let intoFolder = try KPIProcess.run(["lesson", "sessions/lessons/seven-kpis.kpi", "--progress", folder], input: "quit\n")
        #expect(intoFolder.stderr == "cannot keep the progress in \(folder): it is a folder\n(name a file in it, e.g. --progress \(folder)/ana.json)\n")
    }

    @Test("a lesson with a syntax error is refused before it starts, at its line and column")
    func brokenLesson() throws {
        let folder = try KPIProcess.temporaryFolder()
        let path = folder + "/typo.kpi"
        try "exercise a \"Define a.\"\n  expect a defined\n  solutoin let a = 1\nend\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try KPIProcess.run(["lesson", path])
        #expect(result.status == 1)
        #expect(result.stderr == """
            error: expected hint, expect, solution or end, found 'solutoin'
             --> \(path):3:3
              |
            3 |   solutoin let a = 1
              |   ^^^^^^^^
              = help: did you mean 'solution'?

            """)
    }
}

extension String {
    /// Runs of spaces as one, to compare a table row without its alignment.
    fileprivate var squeezingSpaces: String {
        split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
