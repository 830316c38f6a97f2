import Testing
@testable import KPICore
@testable import KPIRender

/// Lessons on Fixtures/goals.csv: customers 100, 110, …, 150 (January to June 2026),
/// cost 1000, 1000, 1100, 1100, 1200, 1200 (8.00 a customer in June).
@Suite("Lessons")
struct LessonTests {
    static let lessonText = """
        # kpi session · format 1
        # Lesson: basics
        # Customers by month.
        load "\(Fixtures.path("goals.csv"))" as g
        metric cost = sum(g.cost)

        # First, customers.
        exercise c "Define c, the customers each month."
          hint "Sum the customers column."
          hint "sum(g.customers)"
          expect c at 2026-06 = 150
          expect c uses sum
          solution metric c = sum(g.customers)
        end

        exercise cpc "Define cpc, the cost per customer."
          hint "cost / c"
          # An author's note, not shown.
          expect cpc = 8
          expect cpc uses c, cost
          solution metric cpc = cost /
            c
        end

        exercise keys "Mark c as the one key KPI."
          expect key count = 1
          solution key c
        end
        """

    static func lesson(_ text: String = lessonText) throws -> Lesson {
        try LessonReader.read(text, path: "basics.kpi")
    }

    /// The diagnostic reading `text` fails with, rendered.
    static func readError(_ text: String) throws -> String {
        do {
            _ = try LessonReader.read(text, path: "bad.kpi")
        } catch {
            return error.description
        }
        Issue.record("\(text) read without an error")
        return ""
    }

    @Test("a lesson file reads as narration, statements and exercises, in order")
    func readsSteps() throws {
        let lesson = try Self.lesson()
        #expect(lesson.title == "Lesson: basics")
        let kinds = lesson.steps.map { step -> String in
            switch step {
            case .narration(let lines): "narration(\(lines.count))"
            case .statement(let statement): "statement(\(statement.text.prefix(6)))"
            case .exercise(let exercise): "exercise(\(exercise.name))"
            }
        }
        #expect(kinds == ["narration(2)", "statement(load \")", "statement(metric)", "narration(1)", "exercise(c)", "exercise(cpc)",
                          "exercise(keys)"])
        let exercises = lesson.exercises
        #expect(exercises[0].hints == ["Sum the customers column.", "sum(g.customers)"])
        #expect(exercises[0].checks.map(\.text) == ["c at 2026-06 = 150", "c uses sum"])
        #expect(exercises[1].solution.map(\.text) == ["metric cpc = cost /\n    c"], "a solution continues over lines")
        #expect(exercises[1].checks.count == 2, "a comment inside an exercise is the author's")
        #expect(exercises[0].range.start.line == 8)
    }

    @Test("expect lines: each kind of check, and the default tolerance of =")
    func checkKinds() throws {
        func check(_ text: String) throws -> ExerciseCheck {
            let lesson = try Self.lesson("exercise e \"t\"\n  expect \(text)\n  solution key c\nend")
            return try #require(lesson.exercises.first?.checks.first)
        }
        func target(_ text: String) throws -> ExerciseCheck.Target {
            guard case .value(_, _, let target) = try check(text).kind else { throw Failure("\(text) is not a value check") }
            return target
        }
        #expect(try target("cac = 66.45").tolerance.isClose(to: 0.005))
        #expect(try target("rate = 4.2%").tolerance.isClose(to: 0.0005))
        #expect(try target("reach = 1.2k").tolerance.isClose(to: 50))
        #expect(try target("orders = 1200").tolerance == 0.5)
        #expect(try target("orders >= 1200").tolerance == 0, "an inequality holds exactly unless within says")
        #expect(try target("cac = 66.45 within 0.5%").tolerance.isClose(to: 0.33225))
        #expect(try target("cac = 10 within 2").tolerance == 2)
        #expect(try target("growth = -3%").value.isClose(to: -0.03))
        #expect(try target("reach = 1.5e3").tolerance.isClose(to: 50), "e-notation: the mantissa's last digit")
        #expect(try target("reach = 1e-2").tolerance.isClose(to: 0.005))
        #expect(try target("rate = 1e1%").tolerance.isClose(to: 0.05), "the suffix comes off before the exponent")
        #expect(try target("rate = 15e-1%").tolerance.isClose(to: 0.0005))
        #expect(try target("reach = 1e3k").tolerance.isClose(to: 500_000))
        #expect(try Self.readError("exercise e \"t\"\n  expect x > 5 within 2\n  solution let x = 6\nend")
            .contains("error: > and < compare exactly; use >= or <= with within\n --> bad.kpi:2:16"))
        guard case .defined(let name, let kind) = try check("goal g defined").kind else { throw Failure("goal g defined") }
        #expect(name.value == "g" && kind == .goal)
        guard case .passes(let goal, let letters) = try check("goal g passes S, m, SMART").kind else { throw Failure("passes") }
        #expect(goal.value == "g" && letters == ["S", "M", "A", "R", "T"])
        guard case .effect(let scenario, let metric, _, let change, let relative) = try check("compare big on c >= +10%").kind else {
            throw Failure("compare")
        }
        #expect(scenario.value == "big" && metric.value == "c" && change.value.isClose(to: 0.1) && relative)
        guard case .keyCount(let count) = try check("key count <= 7").kind else { throw Failure("key count") }
        #expect(count.comparison == .atMost && count.value == 7 && count.tolerance == 0)
        guard case .keysHaveGoals = try check("keys have goals").kind else { throw Failure("keys have goals") }
        guard case .uses(_, let functions) = try check("cpc uses growth, c").kind else { throw Failure("uses") }
        #expect(functions.map(\.value) == ["growth", "c"])
    }

    @Test("a broken lesson is refused at its line and column, with what to write")
    func readErrors() throws {
        #expect(try Self.readError("exercise cac \"Define cac.\"\n  expect cac defined\n  solution metric cac = 1\n") == """
            error: exercise cac has no end
             --> bad.kpi:1:10
              |
            1 | exercise cac "Define cac."
              |          ^^^
              = help: close it with a line `end` after its solution
            """)
        #expect(try Self.readError("exercise cac \"Define cac.\"\n  hnit \"spend / customers\"\nend") == """
            error: expected hint, expect, solution or end, found 'hnit'
             --> bad.kpi:2:3
              |
            2 |   hnit "spend / customers"
              |   ^^^^
              = help: did you mean 'hint'?
            """)
        #expect(try Self.readError("exercise cac \"t\"\n  expect cac at 2026-10 == \nend")
            .contains("error: expected a number, found the end of the input\n --> bad.kpi:2:28"))
        #expect(try Self.readError("exercise cac \"t\"\n  expect cac defined\nend").contains("exercise cac has no solution"))
        #expect(try Self.readError("exercise cac \"t\"\n  solution key c\nend").contains("exercise cac has no expect"))
        #expect(try Self.readError("exercise cac\nend").contains("expected the task in quotes"))
        #expect(try Self.readError("# only narration\nlet x = 1\n").contains("bad.kpi has no exercises"))
        #expect(try Self.readError("hint \"x\"\n").contains("'hint' belongs inside an exercise block"))
        #expect(try Self.readError("let x = (1 +\n").contains("bad.kpi:"), "a lesson statement is parsed before the lesson starts")
        let twice = "exercise a \"t\"\n  expect a defined\n  solution let a = 1\nend\nexercise a \"t\"\n  expect a defined\n  solution let a = 1\nend"
        #expect(try Self.readError(twice).contains("there is already an exercise a (line 1)"))
        let unclosed = "exercise a \"t\"\n  expect a defined\n  solution let a = 1\nexercise b \"t\"\n  expect b defined\n  solution let b = 1\nend"
        #expect(try Self.readError(unclosed).contains("exercise a (line 1) has no end before this exercise"))
    }

    @Test("lesson files with CRLF, nested or stray blocks, unclosed solutions and comments")
    func readerEdges() throws {
        let crlf = try Self.lesson("# T\r\nexercise e \"task\"\r\n  hint \"h\"\r\n  expect x = 2\r\n  solution let x = 2\r\nend\r\n")
        #expect(crlf.title == "T" && crlf.exercises.first?.solution.first?.text == "let x = 2")
        #expect(try Self.readError("exercise e \"t\"\n  expect x defined\nexercise f \"t\"\n  expect y defined\n  solution let y = 1\nend")
            .contains("error: exercise e (line 1) has no end before this exercise\n --> bad.kpi:3:1"))
        #expect(try Self.readError("let x = 1\nend\n").contains("error: 'end' without an exercise to close\n --> bad.kpi:2:1"))
        let unclosed = try Self.readError("exercise e \"t\"\n  expect x defined\n  solution let x = (1 +\nend\n")
        #expect(unclosed.contains(" --> bad.kpi:3:"), "the solution's own line, not past the end: \(unclosed)")
        #expect(unclosed.contains("3 |   solution let x = (1 +"), "the line as written, keyword included")
        let commented = try Self.lesson("exercise e \"t\"\n  expect x defined\n  solution let x = 2  # the author's aside\nend")
        #expect(commented.exercises[0].solution[0].text == "let x = 2", "a comment is not shown to the student")
        let indented = try Self.lesson("# The chain:\n#   objective  →  goal  →  KPI   \nexercise e \"t\"\n  expect x defined\n  solution let x = 2\nend")
        guard case .narration(let lines) = indented.steps[0] else { throw Failure("narration first") }
        #expect(lines == ["The chain:", "  objective  →  goal  →  KPI"], "the author's indentation is kept, trailing spaces dropped")
    }

    @Test("exercise in an ordinary script says it belongs to a lesson")
    func exerciseOutsideLesson() {
        let recorder = Recorder()
        let error = recorder.run("exercise cac \"t\"")
        #expect(error?.description.contains("exercise … end belongs to a lesson; it is not a statement") == true)
        #expect(error?.description.contains("help: play the lesson with kpi lesson FILE") == true)
    }

    /// A session on goals.csv with c, cost and cpc defined.
    private func session(_ extra: String = "") throws -> Recorder {
        let recorder = Recorder()
        try recorder.mustRun("""
            load "\(Fixtures.path("goals.csv"))" as g
            metric c = sum(g.customers)
            metric cost = sum(g.cost)
            metric cpc = cost / c
            \(extra)
            """)
        return recorder
    }

    private func results(_ checks: String, in recorder: Recorder) throws -> [CheckResult] {
        let lines = checks.split(separator: "\n").map { "  expect \($0)" }.joined(separator: "\n")
        let lesson = try Self.lesson("exercise e \"t\"\n\(lines)\n  solution key c\nend")
        return recorder.session.check(try #require(lesson.exercises.first))
    }

    @Test("value checks: the value at a period or the latest, within the tolerance, worded without the solution")
    func valueChecks() throws {
        let recorder = try session()
        let results = try results("c at 2026-03 = 120\nc = 149\ncpc <= 8\nnothing = 1\nc at 2026-03 >= 121", in: recorder)
        #expect(results.map(\.passed) == [true, false, true, false, false])
        #expect(results.map(\.got) == ["c at 2026-03 = 120", "c at 2026-06 = 150", "cpc at 2026-06 = 8",
                                       "nothing is not defined", "c at 2026-03 = 120"])
        #expect(results.map(\.wanted) == ["120 ± 0.5", "149 ± 0.5", "at most 8", "1 ± 0.5", "at least 121"])
        #expect(results[1].value == "150", "the value alone, for the class report")
        let same = LessonRenderer(style: .plain).render(.passed(try self.results("c = 150\nc at 2026-06 = 150", in: recorder)))
        #expect(same == "✓ Correct.\n  ✓ c at 2026-06 = 150", "two checks that found the same thing, said once")
        let close = try self.results("cpx = 8", in: recorder)
        #expect(close[0].got == "cpx is not defined (there is cpc)")
    }

    @Test("defined, uses (through what a metric reads), key count and keys have goals")
    func nameChecks() throws {
        let recorder = try session("let budget = 100\nkey c, cpc\nobjective grow \"More\"\ngoal more: c >= 160 by 2026-08 for grow")
        let results = try results("""
            cpc defined
            metric budget defined
            assumption budget defined
            goal more defined
            cpc uses sum, c, g.cost
            cpc uses growth
            key count <= 1
            keys have goals
            """, in: recorder)
        #expect(results.map(\.passed) == [true, false, true, true, true, false, false, false])
        #expect(results[1].got == "budget is an assumption" && results[1].wanted == "a metric named budget")
        #expect(results[5].got == "cpc does not use growth")
        #expect(results[6].got == "2 key KPIs" && results[6].wanted == "at most 1 key KPI")
        #expect(results[7].got == "cpc has no goal")
        try recorder.mustRun("goal cheap: cpc <= 8 by 2026-08 for grow")
        #expect(try self.results("keys have goals", in: recorder)[0].passed)
    }

    @Test("goal letters and a scenario's effect against the base case")
    func goalAndEffectChecks() throws {
        let recorder = try session("""
            objective grow "More"
            goal more: c >= 160 by 2026-08 for grow
            goal "more customers"
            let budget = 1000
            metric planned = budget / 10
            scenario big: budget = 1200
            """)
        let results = try results("""
            goal more passes S, M, T, R
            goal draft1 passes S
            compare big on planned >= +20%
            compare big on planned = +20
            compare big on planned > +25%
            compare bgi on planned >= +1%
            """, in: recorder)
        #expect(results.map(\.passed) == [true, false, true, true, false, false])
        #expect(results[1].got == "draft1 does not pass S")
        #expect(results[1].letters.map(\.letter) == ["S"])
        #expect(results[2].got == "planned is 120 in big against 100 in base: +20.0%")
        #expect(results[4].wanted == "a change against base of more than +25%")
        #expect(results[5].got == "there is no scenario bgi (there is big)")
        let shown = LessonRenderer(style: .plain).render(.notYet(try self.results("compare nothing on planned >= +1%\nscenario nothing defined\nc defined",
                                                                                   in: recorder)))
        #expect(shown == """
            Not yet:
              ✓ c is a metric
              ✗ there is no scenario nothing · wanted: a change against base of at least +1%; a scenario named nothing
            """, "failing checks that found the same thing share a line")
    }

    /// A lesson run with a clock the test moves, its events collected.
    final class Player {
        let run: LessonRun
        var events: [LessonEvent] = []

        /// The time the lesson's clock reads, moved by `type`.
        final class Clock { var now = 0.0 }
        let clock = Clock()

        init(_ lesson: Lesson, progress: LessonProgress? = nil) {
            let session = Session(journal: nil, cancellation: CancellationFlag())
            run = LessonRun(lesson: lesson, session: session, progress: progress ?? LessonProgress(lesson: lesson, student: "ana"),
                            progressPath: nil) { [clock] in clock.now }
            run.emit = { [unowned self] in self.events.append($0) }
            run.start()
        }

        /// Types `text` `seconds` after the last input; returns the events it caused.
        @discardableResult
        func type(_ text: String, after seconds: Double = 10) -> [LessonEvent] {
            clock.now += seconds
            let before = events.count
            _ = run.handle(text)
            return Array(events[before...])
        }
    }

    @Test("a student: a wrong answer, a hint, the right answer, a skip, and the record of it")
    func playing() throws {
        let player = Player(try Self.lesson())
        guard case .task(1, 3, let first)? = player.events.last else { throw Failure("starts at the first task: \(player.events)") }
        #expect(first.name == "c")
        #expect(player.run.position! == (1, 3))

        let wrong = player.type("metric c = count(g.customers)")
        guard case .notYet(let results)? = wrong.last else { throw Failure("a wrong answer is not yet: \(wrong)") }
        #expect(results.map(\.passed) == [false, false])
        #expect(results[0].got == "c at 2026-06 = 1")

        guard case .hint(1, 2, "Sum the customers column.")? = player.type("hint").first else { throw Failure("the first hint") }
        #expect(player.type("show c").isEmpty, "looking around is not an attempt")
        let right = player.type("metric c = sum(g.customers)", after: 1_000)
        guard case .passed? = right.first, case .task(2, 3, _)? = right.last else { throw Failure("passes and moves on: \(right)") }

        let record = player.run.progress.exercises[0]
        #expect(record.status == .done && record.attempts == 2 && record.hints == 1 && record.wrong == ["1"])
        #expect(record.seconds == 10 + 10 + 10 + LessonRun.idleLimit, "an idle gap counts up to the limit")
        #expect(record.statements == ["metric c = count(g.customers)", "metric c = sum(g.customers)"],
                "views are not replayed")

        guard case .solution(let shown)? = player.type("solution").first else { throw Failure("solution") }
        #expect(shown.name == "cpc")
        let skipped = player.type("skip")
        guard case .skipped? = skipped.first, case .task(3, 3, _)? = skipped.last else { throw Failure("skip moves on: \(skipped)") }
        #expect(player.run.session.workspace.definitions["cpc"] != nil, "skip runs the solution, so later exercises can build on it")
        #expect(player.run.progress.exercises[1].status == .skipped && player.run.progress.exercises[1].sawSolution)

        let failing = player.type("key nonexistent")
        guard case .failure(let diagnostic)? = failing.first else { throw Failure("an error is shown: \(failing)") }
        #expect(diagnostic.description.contains("nonexistent"))
        #expect(player.run.progress.exercises[2].attempts == 1, "a failing statement is an attempt")

        guard case .noMoreHints(0)? = player.type("hint").first else { throw Failure("no hints") }
        guard case .failure(let typo)? = player.type("hnit").first else { throw Failure("a misspelt command") }
        #expect(typo.description.contains("help: did you mean 'hint'?"))
        #expect(player.run.progress.exercises[2].attempts == 1, "a misspelt command is not an attempt")
        let last = player.type("key c")
        guard case .passed? = last.first, case .finished(let progress)? = last.last else { throw Failure("finishes: \(last)") }
        #expect(progress.exercises.map(\.status) == [.done, .skipped, .done])
        #expect(player.run.position == nil)
        #expect(player.type("quit").contains { if case .left = $0 { true } else { false } })
    }

    @Test("resuming replays the lesson and the student's statements, then shows the current task again")
    func resuming() throws {
        let lesson = try Self.lesson()
        let first = Player(lesson)
        first.type("metric c = sum(g.customers)")
        first.type("metric cpc = cost / 2")
        #expect(first.run.progress.exercises[1].wrong == ["600"])
        let saved = try LessonProgress(json: first.run.progress.json.rendered())
        #expect(saved == first.run.progress, "the record survives its JSON")

        let second = Player(lesson, progress: saved)
        let kinds = second.events.map { event -> String in
            switch event {
            case .resumed(let done, _, let of, let student, let notReplayed): "resumed \(done)/\(of) \(student) \(notReplayed)"
            case .task(let number, _, _): "task \(number)"
            case .narration: "narration"
            default: "\(event)"
            }
        }
        #expect(kinds == ["resumed 1/3 ana []", "task 2"])
        let definitions = second.run.session.workspace.definitions
        #expect(definitions["c"] != nil && definitions["cost"] != nil, "the lesson's and the student's statements ran again")
        #expect(definitions["cpc"]?.text == "metric cpc = cost / 2", "the unfinished exercise's statements too")
        guard case .passed? = second.type("metric cpc = cost / c").first else { throw Failure("goes on from there") }
        #expect(second.run.progress.exercises[1].attempts == 2)
    }

    @Test("a lesson changed since the progress was saved: exercises matched by name, statements that fail named")
    func changedLesson() throws {
        let first = Player(try Self.lesson())
        first.type("metric c = sum(g.customers)")
        first.type("metric cpc = cost / c + bonus")
        let changed = try Self.lesson(Self.lessonText.replacing("metric cost = sum(g.cost)", with: "let bonus = 1\nmetric cost = sum(g.cost)")
            .replacing("exercise c \"", with: "exercise customers \""))
        var saved = first.run.progress
        saved.exercises[1].statements = ["metric cpc = cost / c + bonus", "metric cpc = nothing_here"]
        let second = Player(changed, progress: saved)
        guard case .resumed(0, 0, 3, "ana", let notReplayed)? = second.events.first else { throw Failure("resumed: \(second.events)") }
        #expect(notReplayed == ["metric cpc = nothing_here"])
        #expect(second.run.progress.exercises.map(\.name) == ["customers", "cpc", "keys"])
        #expect(second.run.progress.exercises[1].attempts == 1, "cpc's record is kept")
        #expect(second.run.progress.exercises[1].statements == ["metric c = sum(g.customers)", "metric cpc = cost / c + bonus",
                                                               "metric cpc = nothing_here"],
                "the renamed exercise's statements go with the next exercise, so the work is not lost")
        #expect(second.run.session.workspace.definitions["c"] != nil)
        var broken = first.run.progress
        broken.exercises[0].statements.append("metric late = nothing_here")
        let third = Player(try Self.lesson(), progress: broken)
        guard case .resumed(1, 0, 3, "ana", let failing)? = third.events.first else { throw Failure("resumed: \(third.events)") }
        #expect(failing == ["metric late = nothing_here"])
        let text = LessonRenderer(style: .plain).render(.resumed(done: 1, skipped: 1, of: 3, student: "ana", notReplayed: ["metric x =\n  y", "z"]))
        #expect(text == "Welcome back, ana: 1 of 3 exercises done, 1 skipped.\n"
                + "note: the lesson has changed since; this earlier statement of yours no longer runs (and 1 more): metric x = y")
    }

    @Test("a progress file as kpi writes it reads back")
    func progressFile() throws {
        let record = try #require(try LessonProgress.load(from: Fixtures.path("progress.json")))
        #expect(record.student == "ana" && record.exercises.count == 8)
        #expect(record.exercises[0] == .init(name: "customers", status: .done, attempts: 2, hints: 1, seconds: 42.5, wrong: ["279"],
                                             statements: ["metric customers = count(orders.customer_id)",
                                                          "metric customers = count_distinct(orders.customer_id)"]))
        #expect(try LessonProgress.load(from: Fixtures.path("no-such-progress.json")) == nil)
    }

    @Test("an exercise added before ones already done: the done ones are replayed, the new one is asked")
    func insertedExercise() throws {
        let first = Player(try Self.lesson())
        first.type("metric c = sum(g.customers)")
        first.type("metric cpc = cost / c")
        let added = Self.lessonText.replacing("# First, customers.", with: """
            exercise budget "Set a budget."
              expect budget defined
              solution let budget = 100
            end
            """)
        let second = Player(try Self.lesson(added), progress: first.run.progress)
        guard case .task(1, 4, let task)? = second.events.last else { throw Failure("asks the new exercise: \(second.events)") }
        #expect(task.name == "budget")
        #expect(second.run.session.workspace.definitions["cpc"] != nil, "the later, done exercises were replayed")
        let passed = second.type("let budget = 100")
        guard case .task(4, 4, let next)? = passed.last else { throw Failure("on to the first open one: \(passed)") }
        #expect(next.name == "keys")
        #expect(second.run.session.workspace.definitions["cpc"] != nil)
    }

    @Test("resuming at an unfinished exercise runs nothing after it early, and shows what follows when it passes")
    func resumeMidExercise() throws {
        let text = Self.lessonText.replacing("exercise keys \"", with: "# Narration before keys.\nlet later = 1\nexercise keys \"")
        let first = Player(try Self.lesson(text))
        first.type("metric c = sum(g.customers)")
        first.type("metric cpc = cost / 2")
        let second = Player(try Self.lesson(text), progress: first.run.progress)
        #expect(second.run.session.workspace.definitions["later"] == nil, "the statement after the current exercise waits")
        #expect(second.run.session.workspace.definitions["cpc"]?.text == "metric cpc = cost / 2")
        let passed = second.type("metric cpc = cost / c")
        guard case .narration(["Narration before keys."])? = passed.dropFirst().first else { throw Failure("narration shown: \(passed)") }
        #expect(second.run.session.workspace.definitions["later"] != nil)
    }

    @Test("two exercises added before one done are both asked, in order")
    func twoInsertedExercises() throws {
        let first = Player(try Self.lesson())
        first.type("metric c = sum(g.customers)")
        let added = Self.lessonText.replacing("# First, customers.", with: """
            exercise one "One."
              expect one defined
              solution let one = 1
            end
            exercise two "Two."
              expect two defined
              solution let two = 2
            end
            """)
        let second = Player(try Self.lesson(added), progress: first.run.progress)
        guard case .task(1, 5, _)? = second.events.last else { throw Failure("asks one: \(second.events)") }
        guard case .task(2, 5, let two)? = second.type("let one = 1").last else { throw Failure("then two") }
        #expect(two.name == "two" && second.run.position! == (2, 5))
        guard case .task(4, 5, let cpc)? = second.type("let two = 2").last else { throw Failure("then the first open after c") }
        #expect(cpc.name == "cpc")
    }

    @Test("where a lesson's progress may be kept: not a folder, not another lesson's, a broken own file replaced on restart")
    func resumableProgress() throws {
        let lesson = try Self.lesson()
        #expect(throws: LessonProgress.Problem.folder) {
            try LessonProgress.resumable(at: Fixtures.path(""), for: lesson, restart: false)
        }
        var other = LessonProgress(lesson: lesson, student: "ana")
        other.lesson = "Lesson 9"
        other.file = "elsewhere.kpi"
        other.exercises[0].status = .done
        let path = Fixtures.temporary(other.json.rendered(), name: "ana.json")
        #expect(throws: LessonProgress.Problem.otherLesson(title: "Lesson 9", file: "elsewhere.kpi")) {
            try LessonProgress.resumable(at: path, for: lesson, restart: true)
        }
        let broken = Fixtures.temporary("{", name: "broken.json")
        #expect(throws: LessonProgress.Problem.self, "a file named with --progress that is not progress is kept, even on restart") {
            try LessonProgress.resumable(at: broken, for: lesson, restart: true)
        }
        let same = Fixtures.temporary(LessonProgress(lesson: lesson, student: "ben").json.rendered(), name: "ben.json")
        #expect(try LessonProgress.resumable(at: same, for: lesson, restart: false)?.student == "ben")
        #expect(try LessonProgress.resumable(at: same, for: lesson, restart: true) == nil)
    }

    @Test("in a lesson: undo stays inside the exercise, reset is refused, commands go alone, work after the end is kept")
    func guardedStatements() throws {
        let player = Player(try Self.lesson())
        guard case .refused(.undoPastExercise)? = player.type("undo").first else { throw Failure("nothing to undo yet") }
        #expect(player.run.session.workspace.definitions["cost"] != nil, "the lesson's own work is kept")
        player.type("metric c = count(g.customers)")
        #expect(player.type("undo").isEmpty, "undoing one's own change is fine, and judged quietly")
        #expect(player.run.session.workspace.definitions["c"] == nil)
        #expect(player.run.progress.exercises[0].attempts == 1, "an undo is not an attempt")
        guard case .refused(.reset)? = player.type("let q = 1; reset").first else { throw Failure("reset is refused, even after more") }
        #expect(player.run.session.workspace.definitions["q"] == nil, "a refused input runs none of its statements")
        guard case .refused(.commandNotAlone("hint"))? = player.type("hint hint").first else { throw Failure("a command with more") }
        guard case .refused(.undoPastExercise)? = player.type("let q = 1; undo; undo").first else {
            throw Failure("two undos after one change reach into the lesson's work")
        }
        #expect(player.run.session.workspace.definitions["cost"] != nil)
        player.type("let a = 1; let b = 2")
        #expect(player.type("undo; undo").isEmpty, "two changes, two undos")
        #expect(player.run.session.workspace.definitions["a"] == nil)
        #expect(LessonRenderer(style: .plain).render(.refused(.commandNotAlone("hint"))) == "note: hint is a lesson command: type it alone on a line")
        #expect(player.run.progress.exercises[0].attempts == 2 && player.run.progress.exercises[0].hints == 0, "refusals and undos are no attempts")

        player.type("grain week")
        guard case .passed? = player.type("metric c = sum(g.customers)").first else { throw Failure("at 2026-06 reads months") }
        player.type("skip")
        player.type("skip")
        #expect(player.run.position == nil)
        guard case .refused(.undoPastExercise)? = player.type("undo").first else { throw Failure("after the end, undo cannot take the last exercise") }
        player.type("let after = 1")
        #expect(player.run.progress.afterwards == ["let after = 1"])
        let resumed = Player(try Self.lesson(), progress: player.run.progress)
        #expect(resumed.run.session.workspace.definitions["after"] != nil, "statements after the last exercise are replayed")
        guard case .finished? = resumed.events.last else { throw Failure("a finished lesson says so: \(resumed.events)") }
    }

    @Test("the lesson's own statements read the base case while the student has a scenario in use")
    func lessonStatementsInBase() throws {
        let lesson = try Self.lesson("""
            load "\(Fixtures.path("goals.csv"))" as g
            let budget = 100
            metric planned = budget * 2
            exercise big "Make a scenario big with budget 200, and use it."
              expect compare big on planned = +200
              solution scenario big: budget = 200
            end
            show planned
            exercise e "Define e."
              expect e defined
              solution let e = 1
            end
            """)
        let player = Player(lesson)
        var shown: [String] = []
        player.run.session.emit = { if case .view = $0, let text = OutputRenderer(style: .plain).render($0) { shown.append(text) } }
        player.type("scenario big: budget = 200; use big")
        #expect(player.run.session.workspace.activeScenario == "big", "the student's use is kept")
        guard case .task(2, 2, _)? = player.events.last else { throw Failure("on to e: \(player.events)") }
        #expect(shown.count == 1 && shown[0].hasSuffix("\n    200"), "the lesson's show in the base case, not under big (400): \(shown)")
    }

    @Test("a progress file that is not one says why, at its line and column")
    func progressErrors() {
        #expect(throws: LessonProgress.Problem.syntax(JSONValue.SyntaxError(line: 2, column: 16, reason: "expected ',' or '}'"))) {
            try LessonProgress(json: "{\"format\": 1,\n \"lesson\": \"x\" \"exercises\": []}")
        }
        #expect(throws: LessonProgress.Problem.futureFormat(2)) { try LessonProgress(json: "{\"format\": 2}") }
        #expect(throws: LessonProgress.Problem.missing("\"lesson\" (the lesson's title)")) { try LessonProgress(json: "{\"format\": 1}") }
        #expect(throws: LessonProgress.Problem.invalid(field: "status for exercise a (\"won\")", expected: "open, done or skipped")) {
            try LessonProgress(json: "{\"format\": 1, \"lesson\": \"x\", \"exercises\": [{\"name\": \"a\", \"status\": \"won\"}]}")
        }
        for field in ["\"attempts\": 1e300", "\"hints\": -1", "\"attempts\": 2.5", "\"seconds\": 1e300"] {
            #expect(throws: LessonProgress.Problem.self, "\(field) is refused, not trapped on") {
                try LessonProgress(json: "{\"format\": 1, \"lesson\": \"x\", \"exercises\": [{\"name\": \"a\", \"status\": \"done\", \(field)}]}")
            }
        }
        #expect(throws: LessonProgress.Problem.invalid(field: "\"format\"", expected: "a whole number (1)")) {
            try LessonProgress(json: "{\"format\": 1e300}")
        }
    }

    @Test("JSON values: escapes, nesting and numbers survive a round trip; errors are placed")
    func json() throws {
        let value = JSONValue.object([("a", .array([.number(1), .number(-2.5e-3), .null, .bool(true)])),
                                      ("b \"q\"", .string("tab\there\nline ✓ \u{1}")), ("c", .object([]))])
        #expect(try JSONValue.parse(value.rendered()) == value)
        #expect(try JSONValue.parse("\"\\u00e9\\ud83d\\ude00\"") == .string("é😀"))
        #expect(throws: JSONValue.SyntaxError(line: 1, column: 5, reason: "text after the document")) { try JSONValue.parse("[1] 2") }
        for bad in ["\"\\uD800\\u0041\"", "\"\\u+041\"", "01", "1.", "-.5", "1e", "+1", "\"\\uDC00\""] {
            #expect(throws: JSONValue.SyntaxError.self, "\(bad) is not JSON") { try JSONValue.parse(bad) }
        }
        #expect(try JSONValue.parse("[-0.5e+2, 0, 10]") == .array([.number(-50), .number(0), .number(10)]))
        #expect(throws: JSONValue.SyntaxError(line: 1, column: 65, reason: "nested more than 64 deep")) {
            try JSONValue.parse(String(repeating: "[", count: 100))
        }
    }

    @Test("the class report: per exercise finished, means, median time, the most common wrong value")
    func classReport() throws {
        let lesson = try Self.lesson()
        func student(_ name: String, _ edit: (inout LessonProgress) -> Void) -> LessonProgress {
            var record = LessonProgress(lesson: lesson, student: name)
            edit(&record)
            return record
        }
        let records = [
            student("ana") {
                $0.exercises[0] = .init(name: "c", status: .done, attempts: 3, hints: 2, seconds: 60, wrong: ["1", "1", "600"])
                $0.exercises[1] = .init(name: "cpc", status: .skipped, attempts: 1, hints: 1, sawSolution: true, seconds: 30)
            },
            student("ben") { $0.exercises[0] = .init(name: "c", status: .done, attempts: 1, seconds: 20) },
            student("cy") { $0.exercises[0] = .init(name: "c", status: .open, attempts: 2, seconds: 100, wrong: ["600", "1"]) },
            student("dee") { _ in },
        ]
        let reports = ClassReport.reports(records)
        #expect(reports.count == 1)
        let report = try #require(reports.first)
        #expect(report.students == 4)
        #expect(report.rows[0] == ClassReport.Row(exercise: "c", reached: 3, finished: 2, skipped: 0, attempts: 2, hints: 2.0 / 3,
                                                  solutions: 0, medianSeconds: 40, commonWrong: ("1", 2)))
        #expect(report.rows[1] == ClassReport.Row(exercise: "cpc", reached: 1, finished: 0, skipped: 1, attempts: 1, hints: 1,
                                                  solutions: 1, medianSeconds: nil, commonWrong: nil))
        #expect(report.rows[2].reached == 0)
        let text = LessonRenderer(style: .plain).report(report, format: .table)
        #expect(text == """
            Lesson: basics · 4 students
            exercise  reached  finished  skipped  attempts  hints  solution  median time  most common wrong value
            ────────  ───────  ────────  ───────  ────────  ─────  ────────  ───────────  ───────────────────────
            c               3         2        0       2.0    0.7         0         0:40  1 (2 students)
            cpc             1         0        1       1.0    1.0         1
            keys            0         0        0       0.0    0.0         0
            """)
        #expect(LessonRenderer(style: .plain).report(report, format: .csv).hasPrefix(
            "lesson,exercise,reached,finished,skipped,attempts,hints,solution,median time,most common wrong value\n"
                + "Lesson: basics,c,3,2,0,2.0,0.7,0,0:40,1 (2 students)"))
    }

    @Test("the author's check: solutions pass, nothing passes before its solution, statements run")
    func audit() throws {
        let good = LessonAudit(try Self.lesson(), session: Session(journal: nil))
        #expect(good.findings.isEmpty && good.passed == 3)
        #expect(good.withoutHints == ["keys"])

        let wrongTarget = Self.lessonText.replacing("expect cpc = 8", with: "expect cpc = 9")
            .replacing("expect key count = 1", with: "expect c defined")
            .replacing("metric cost = sum(g.cost)", with: "metric cost = sum(g.cost)\nmetric broken = sum(g.nothing)")
        let lesson = try Self.lesson(wrongTarget)
        let audit = LessonAudit(lesson, session: Session(journal: nil))
        let messages = audit.findings.map { $0.diagnostic(in: lesson).description }
        #expect(messages.count == 3)
        #expect(messages[0].contains("table 'g' has no column 'nothing'"))
        #expect(messages[1] == """
            error: the solution of exercise cpc does not pass this check: it finds cpc at 2026-06 = 8, and the check wants 9 ± 0.5
              --> basics.kpi:20:10
               |
            20 |   expect cpc = 9
               |          ^^^^^^^
               = help: correct the solution or the expect line
            """)
        #expect(messages[2].contains("exercise keys passes before the student types anything"))
    }
}

private struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Double {
    fileprivate func isClose(to other: Double) -> Bool { abs(self - other) <= 1e-12 * Swift.max(1, abs(other)) }
}
