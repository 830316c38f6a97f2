import ArgumentParser
import Glibc
import KPICore
import KPIRender
import LineEditor

/// The `kpi` command line: a shell, a script runner, or both.
@main
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "An interactive shell for exploring marketing KPIs.",
        discussion: """
            With no arguments and a terminal, kpi starts the shell. With a FILE it runs the
            script and stops at the first error with a non-zero exit status. Piped input is
            run like a script. Type `help` in the shell for the statements.
            """,
        version: KPIVersion.current
    )

    @Argument(help: "A script (.kpi) to run.", completion: .file(extensions: ["kpi"]))
    var file: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Statements to run, separated by ';' or newlines.", valueName: "statements"))
    var command: String?

    @Flag(name: .customShort("i"), help: "Stay in the shell after running FILE or -c.")
    var interactive = false

    func run() throws {
        let terminal = isatty(0) == 1 && isatty(1) == 1
        let console = Console(
            output: OutputRenderer(style: .detect(isTerminal: isatty(1) == 1, width: LineEditor.terminalWidth(1))),
            errors: OutputRenderer(style: .detect(isTerminal: isatty(2) == 1, width: LineEditor.terminalWidth(2)))
        )
        let session = Session()
        session.emit = console.show
        if let file {
            try runScript(named: file, session: session, console: console)
        }
        if let command {
            try finish(session.run(SourceText(name: "<command line>", text: command)), console: console)
        }
        guard file == nil && command == nil || interactive else { return }
        if terminal {
            Shell(session: session, console: console).run()
        } else {
            let text = StandardInput.readAll()
            try finish(session.run(SourceText(name: "<stdin>", text: text)), console: console)
        }
    }

    private func runScript(named path: String, session: Session, console: Console) throws {
        let text: String
        do {
            text = try ScriptFile.read(path)
        } catch {
            console.fail("cannot run \(path): " + Self.describe(error))
            throw ExitCode(1)
        }
        try finish(session.run(SourceText(name: path, text: text)), console: console)
    }

    private static func describe(_ problem: FileProblem) -> String {
        switch problem {
        case .notFound: return "no such file"
        case .isDirectory: return "it is a directory"
        case .notUTF8(let line): return "not UTF-8 text (line \(line))"
        case .binary: return "not a text file"
        default: return "unreadable"
        }
    }

    /// Exits with 1 after a failed script, 0 after `quit`.
    private func finish(_ outcome: Session.Outcome, console: Console) throws {
        switch outcome {
        case .completed: return
        case .quit: throw ExitCode.success
        case .failed(let diagnostic):
            console.show(diagnostic)
            throw ExitCode(1)
        }
    }
}

/// Reads all of standard input (for piped scripts).
enum StandardInput {
    static func readAll() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(0, &buffer, buffer.count)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
