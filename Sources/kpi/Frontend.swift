import ArgumentParser
import Glibc
import KPICore
import KPIRender
import LineEditor

/// What the subcommands share: the console, a session wired to it, scripts read
/// with clear errors, and outcomes turned into exit statuses.
enum Frontend {
    static func console() -> Console {
        Console(
            output: OutputRenderer(style: .detect(isTerminal: isatty(1) == 1, width: LineEditor.terminalWidth(1))),
            errors: OutputRenderer(style: .detect(isTerminal: isatty(2) == 1, width: LineEditor.terminalWidth(2)))
        )
    }

    /// A session printing to `console` and recording plain output for `save … with output`.
    static func session(console: Console, journal: Journal? = Journal()) -> Session {
        let session = Session(journal: journal)
        session.emit = console.show
        let plain = OutputRenderer(style: .plain)
        session.renderForRecord = { output in
            if case .failure = output { return nil }
            return plain.render(output)
        }
        session.exporter = { path, entries in try ReportWriter().write(entries, to: path) }
        return session
    }

    /// A script's text, or exit 1 with a message that says why it cannot be read.
    static func readScript(_ path: String, console: Console) throws -> String {
        do {
            return try ScriptFile.read(path)
        } catch {
            let reason: String
            switch error {
            case .notFound: reason = "no such file"
            case .isDirectory: reason = "it is a directory"
            case .notUTF8(let line): reason = "not UTF-8 text (line \(line))"
            case .binary: reason = "not a text file"
            case .futureFormat(let version):
                reason = "it was saved in session format \(version) by a newer kpi; this one reads format \(ScriptFile.currentFormat)"
            default: reason = "unreadable"
            }
            console.fail("cannot run \(path): " + reason)
            throw ExitCode(1)
        }
    }

    /// Standard input read as statements, each handed on as soon as its lines have arrived
    /// (with the line it began on), until the input ends or `body` returns false.
    static func forEachPipedStatement(_ body: (String, Int) -> Bool) {
        var lines = StatementLines()
        while let line = readLine(strippingNewline: true) {
            guard let statement = lines.add(line) else { continue }
            if !body(statement.text, statement.firstLine) { return }
        }
        if let rest = lines.finish() { _ = body(rest.text, rest.firstLine) }
    }

    /// Exits with 1 after a failed script, 0 after `quit`.
    static func finish(_ outcome: Session.Outcome, console: Console) throws {
        switch outcome {
        case .completed: return
        case .quit: throw ExitCode.success
        case .failed(let diagnostic):
            console.show(diagnostic)
            throw ExitCode(1)
        }
    }
}
