import ArgumentParser
import Glibc
import KPICore
import LineEditor

/// `kpi [FILE] [-c …] [-i]`: the shell, a script, or both.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script, statements, or the interactive shell (the default).",
        discussion: """
            With no arguments and a terminal, kpi starts the shell. With a FILE it runs the
            script and stops at the first error with a non-zero exit status. Piped input is
            run like a script. Type `help` in the shell for the statements.
            """
    )

    @Argument(help: "A script (.kpi) to run.", completion: .file(extensions: ["kpi"]))
    var file: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Statements to run, separated by ';' or newlines.", valueName: "statements"))
    var command: String?

    @Flag(name: .customShort("i"), help: "Stay in the shell after running FILE or -c.")
    var interactive = false

    @Option(name: .customLong("set"), help: ArgumentHelp("Replace an assumption the file defines: NAME=VALUE (e.g. budget=70k).",
                                                        valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: "How show, compare and scorecard print when a statement says no `as`: table, csv, json or markdown.")
    var format: OutputFormat = .table

    @Flag(name: [.customShort("q"), .long],
          help: "Print only results (show, chart, compare, describe, …) and errors, not confirmations: for pipelines.")
    var quiet = false

    @Flag(help: "Replay someone else's file safely: no writing files, no reading outside its folder and here.")
    var safe = false

    @Flag(help: "List recent sessions (from the journal) and reopen one: kpi --recover [N].")
    var recover = false

    func run() throws {
        let console = Frontend.console()
        let session = Frontend.session(console: console)
        session.safeMode = safe
        session.quiet = quiet
        session.defaultFormat = format
        if recover {
            try Recovery.reopen(choice: file.flatMap { Int($0) }, session: session, console: console)
            return
        }
        if let file {
            let text = try Frontend.readScript(file, console: console)
            try Frontend.finish(session.runScript(text, named: file, settings: settings), console: console)
        } else if !settings.isEmpty {
            throw ValidationError("--set replaces assumptions of a FILE; name the file")
        }
        if let command {
            try Frontend.finish(session.run(SourceText(name: "<command line>", text: command)), console: console)
        }
        guard file == nil && command == nil || interactive else { return }
        try Self.continueInteractively(session: session, console: console)
    }

    /// The shell at a terminal; otherwise standard input runs like a script, each
    /// statement as soon as its lines have arrived (so the journal keeps up with a pipe).
    static func continueInteractively(session: Session, console: Console) throws {
        if isatty(0) == 1 && isatty(1) == 1 {
            Shell(session: session, console: console).run()
            return
        }
        var failure: Error?
        Frontend.forEachPipedStatement { text, firstLine in
            do {
                try Frontend.finish(session.run(SourceText(name: "<stdin>", text: text, firstLine: firstLine)), console: console)
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
    }
}

extension OutputFormat: ExpressibleByArgument {}
