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

    /// `NAME=VALUE` pairs of `--set`, VALUE written as in the language (70k, 5%).
    static func assumptions(_ settings: [String]) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
            guard parts.count == 2, !parts[0].isEmpty,
                  let tokens = try? Lexer.tokenize(SourceText(name: "--set", text: parts[1])) else {
                throw ValidationError("--set takes NAME=VALUE, e.g. --set budget=70k (got '\(setting)')")
            }
            var sign = 1.0, kinds = tokens.map(\.kind).filter { $0 != .newline && $0 != .end }
            if kinds.first == .symbol("-") {
                sign = -1
                kinds.removeFirst()
            }
            guard kinds.count == 1, case .number(let value) = kinds[0] else {
                throw ValidationError("--set \(parts[0]) needs a number, e.g. 70k or 5% (got '\(parts[1])')")
            }
            values[parts[0]] = sign * value
        }
        return values
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
