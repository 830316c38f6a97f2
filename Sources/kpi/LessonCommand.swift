import ArgumentParser
import Glibc
import KPICore
import KPIRender

/// `kpi lesson FILE`, `kpi lesson check FILE`, `kpi lesson report FOLDER`: workshops
/// where students type, kpi checks, and the trainer sees the class.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Play a lesson, check one as its author, or report on a class.",
        discussion: """
            kpi lesson FILE                   play it: type statements, hint, solution, skip, progress, quit
            kpi lesson FILE --progress P      keep the progress in P (to hand to the trainer)
            kpi lesson check FILE             every solution passes its checks (exit 1 otherwise)
            kpi lesson report FOLDER          the class: per exercise, finished, attempts, hints, wrong values
            """,
        subcommands: [LessonPlayCommand.self, LessonCheckCommand.self, LessonReportCommand.self],
        defaultSubcommand: LessonPlayCommand.self
    )

    /// A lesson file read and parsed, or exit 1 with the error at its line and column.
    static func read(_ path: String, console: Console) throws -> Lesson {
        let text = try Frontend.readScript(path, console: console)
        do {
            return try LessonReader.read(text, path: path)
        } catch {
            console.show(error)
            throw ExitCode(1)
        }
    }
}

/// `kpi lesson FILE`: the lesson played in a real session.
struct LessonPlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a lesson: its narration shown, your statements checked against each exercise.",
        discussion: """
            The prompt shows the exercise (kpi[lesson 3/8]>). Type statements as in the shell; after
            each one the exercise's checks run. Alone on a line: hint, solution, skip, progress,
            task, quit. Progress is saved after every step and the lesson resumes where it was left.
            """
    )

    @Argument(help: "The lesson (.kpi).", completion: .file(extensions: ["kpi"]))
    var file: String

    @Option(help: ArgumentHelp("Keep the progress in this file (JSON) instead of the state folder: the file a trainer collects.",
                               valueName: "path"))
    var progress: String?

    @Option(help: "Your name in the progress file (default: $USER).")
    var student: String?

    @Flag(help: "Start the lesson over, forgetting the saved progress.")
    var restart = false

    @Flag(help: "Play a lesson from elsewhere safely: its statements may not write files or read outside its folder and here.")
    var safe = false

    /// The progress saved at `path` for this lesson (nil for none, or with --restart), or
    /// exit 1 saying why the file will not be overwritten.
    private func savedProgress(at path: String, for lesson: Lesson, console: Console) throws -> LessonProgress? {
        do {
            return try LessonProgress.resumable(at: path, for: lesson, restart: restart)
        } catch {
            let way: String
            switch error {
            case .folder: way = "name a file in it, e.g. --progress \(path)/ana.json"
            case .otherLesson: way = "keep each lesson's progress in its own file (--progress)"
            default: way = LessonProgress.isInStateFolder(path) ? "kpi lesson \(file) --restart starts over"
                : "it is not a progress file to go on from or replace; name another file with --progress"
            }
            console.fail("cannot keep the progress in \(path): \(error)\n(\(way))")
            throw ExitCode(1)
        }
    }

    func run() throws {
        let console = Frontend.console()
        let lesson = try LessonCommand.read(file, console: console)
        let path = progress ?? LessonProgress.defaultPath(for: file)
        let saved = try savedProgress(at: path, for: lesson, console: console)
        let name = student ?? saved?.student ?? StatePaths.environment("USER") ?? "student"
        var record = saved ?? LessonProgress(lesson: lesson, student: name)
        record.student = name
        let session = Frontend.session(console: console)
        session.safeMode = safe
        session.lookForFiles(besides: file)
        let run = lessonRun(lesson, session: session, progress: record, path: path, console: console)
        run.start()
        guard run.blocked == nil else { throw ExitCode(1) }
        if isatty(0) == 1 && isatty(1) == 1 {
            Self.shell(for: run, console: console).run()
        } else {
            var left = false
            Frontend.forEachPipedStatement { text, line in
                left = !run.handle(text, source: "<stdin>", line: line) || run.blocked != nil
                return !left
            }
            if !left { _ = run.quit() }
        }
        if run.blocked != nil { throw ExitCode(1) }
    }

    /// The run, its time from a monotonic clock, its events printed.
    private func lessonRun(_ lesson: Lesson, session: Session, progress: LessonProgress, path: String, console: Console) -> LessonRun {
        let started = ContinuousClock.now
        let run = LessonRun(lesson: lesson, session: session, progress: progress, progressPath: path) {
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let renderer = LessonRenderer(style: console.output.style)
        run.emit = { event in
            if case .failure(let diagnostic) = event { return console.show(diagnostic) }
            guard let text = renderer.render(event) else { return }
            if case .blocked = event { return console.fail(text) }
            console.write(text + "\n")
        }
        return run
    }

    /// The shell at a terminal, with the lesson's prompt, commands and Ctrl-D.
    private static func shell(for run: LessonRun, console: Console) -> Shell {
        let session = run.session
        var shell = Shell(session: session, console: console)
        shell.greets = false
        shell.commands = LessonRun.commands
        shell.prompt = {
            let scenario = session.workspace.activeScenario.map { " · \($0)" } ?? ""
            return run.position.map { "kpi[lesson \($0.number)/\($0.of)\(scenario)]> " } ?? "kpi[lesson done\(scenario)]> "
        }
        shell.handle = { run.handle($0) && run.blocked == nil }
        shell.onEnd = { _ = run.quit() }
        return shell
    }
}

/// `kpi lesson check FILE`: the author's check.
struct LessonCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a lesson as its author: every statement runs, every solution passes its own checks.",
        discussion: "Plays the lesson in a fresh session typing each solution; exits 1 naming each exercise that fails."
    )

    @Argument(help: "The lesson (.kpi).", completion: .file(extensions: ["kpi"]))
    var file: String

    @Flag(help: "Check someone else's lesson safely: its statements may not write files or read outside its folder and here.")
    var safe = false

    func run() throws {
        let console = Frontend.console()
        let lesson = try LessonCommand.read(file, console: console)
        let session = Frontend.session(console: console, journal: nil)
        session.safeMode = safe
        session.emit = { _ in }
        session.lookForFiles(besides: file)
        let audit = LessonAudit(lesson, session: session)
        for finding in audit.findings { console.show(finding.diagnostic(in: lesson)) }
        let count = lesson.exercises.count
        let exercises = "\(count) exercise\(count == 1 ? "" : "s")"
        if !audit.withoutHints.isEmpty {
            console.write(console.output.style.dim("note: no hints in \(audit.withoutHints.joined(separator: ", "))") + "\n")
        }
        guard audit.findings.isEmpty else {
            console.fail("\(file): \(audit.findings.count) problem\(audit.findings.count == 1 ? "" : "s") in \(exercises)")
            throw ExitCode(1)
        }
        console.write("\(file): \(exercises), every solution passes its checks and none passes before it\n")
    }
}

/// `kpi lesson report FOLDER`: the class view.
struct LessonReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Sum up a class: the progress files (*.json) in a folder, per exercise.",
        discussion: "Students write their file with kpi lesson FILE --progress NAME.json; collect them in one folder."
    )

    @Argument(help: "A folder of progress files, or the files themselves.", completion: .directory)
    var paths: [String]

    @Option(help: "table, csv, json or markdown.")
    var format: OutputFormat = .table

    func run() throws {
        let console = Frontend.console()
        var records: [LessonProgress] = []
        var files: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                console.fail("cannot read \(path): no such file or folder")
                throw ExitCode(1)
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                files += FileListing.names(in: path).filter { !$0.isDirectory && $0.name.hasSuffix(".json") }.map { path + "/" + $0.name }
            } else {
                files.append(path)
            }
        }
        for file in files {
            do {
                guard let record = try LessonProgress.load(from: file) else {
                    console.fail("warning: \(file) left out: it cannot be opened (a broken link?)")
                    continue
                }
                records.append(record)
            } catch {
                console.fail("warning: \(file) left out: \(error)")
            }
        }
        guard !records.isEmpty else {
            console.fail("no progress files to report on in \(paths.joined(separator: ", ")) "
                         + "(students write them with kpi lesson FILE --progress NAME.json)")
            throw ExitCode(1)
        }
        let renderer = LessonRenderer(style: console.output.style)
        console.write(renderer.reports(ClassReport.reports(records), format: format) + "\n")
    }
}
