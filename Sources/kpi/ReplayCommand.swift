import ArgumentParser
import Glibc
import KPICore
import LineEditor

/// `kpi replay FILE --step`: a session played back statement by statement, for workshops.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play a session back: each statement shown as typed, its comments as narration.",
        discussion: """
            With --step, Enter runs the statement shown, s skips it, q stops and leaves you in the
            shell with everything run so far. With --delay MS it plays through on its own.
            """
    )

    @Argument(help: "The session (.kpi) to replay.", completion: .file(extensions: ["kpi"]))
    var file: String

    @Flag(help: "Wait for Enter before each statement.")
    var step = false

    @Option(help: ArgumentHelp("Pause this many milliseconds before each statement.", valueName: "MS"))
    var delay: Int?

    func run() throws {
        let console = Frontend.console()
        let session = Frontend.session(console: console)
        let text = try Frontend.readScript(file, console: console)
        let statements: [ParsedStatement]
        do {
            statements = try Parser.parse(SourceText(name: file, text: text))
        } catch {
            console.show(Diagnostic(error, in: SourceText(name: file, text: text)))
            throw ExitCode(1)
        }
        let interactive = isatty(0) == 1 && isatty(1) == 1
        let editor = step && interactive ? LineEditor(program: "kpi", historyFile: nil) { _ in .init(word: "", candidates: []) } : nil
        let style = console.output.style
        for statement in statements {
            if case .comment(let narration) = statement.statement {
                console.write(style.paint(String(narration.drop { $0 == "#" }).trimmingSpaces(), .italic) + "\n")
                continue
            }
            console.write(style.paint("kpi> ", .dim) + statement.text + "\n")
            if let editor {
                switch editor.read(prompt: style.dim("  ⏎ run · s skip · q stop ")).line?.lowercased() {
                case "s"?: continue
                case "q"?, nil:
                    console.write("stopped; the shell has everything run so far\n")
                    Shell(session: session, console: console).run()
                    return
                default: break
                }
            } else if let delay {
                usleep(UInt32(max(0, min(delay, 60_000))) * 1000)
            }
            let source = SourceText(name: file, text: text)
            if case .failed(let diagnostic) = session.run(statement: statement, in: source) {
                console.show(diagnostic)
                throw ExitCode(1)
            }
        }
        if interactive && step { Shell(session: session, console: console).run() }
    }
}

extension LineEditor.Input {
    /// The text read, or nil for Ctrl-C and Ctrl-D.
    var line: String? {
        if case .line(let text) = self { return text }
        return nil
    }
}
