import ArgumentParser
import Glibc
import KPICore
import KPIRender

/// `kpi check FILE`: re-runs a session saved `with output` and compares every result.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-run a session and compare each result with its recorded #> lines.",
        discussion: "Prints a unified diff for each statement whose output changed and exits 1. --update rewrites the recorded output."
    )

    @Argument(help: "A session saved with output (.kpi).", completion: .file(extensions: ["kpi"]))
    var file: String

    @Flag(help: "Rewrite the file's recorded output with what the statements print now.")
    var update = false

    func run() throws {
        let console = Frontend.console()
        let text = try Frontend.readScript(file, console: console)
        let script = SourceText(name: file, text: text)
        let recorded: [(statement: ParsedStatement, output: [String])]
        do {
            recorded = try Transcript.recordedOutputs(script)
        } catch {
            console.show(Diagnostic(error, in: script))
            throw ExitCode(1)
        }
        let session = Frontend.session(console: Console(output: console.output, errors: console.errors), journal: nil)
        session.emit = { _ in }
        if case .failed(let diagnostic) = session.runScript(text, named: file, continueAfterErrors: true) {
            console.show(diagnostic)
            throw ExitCode(1)
        }
        let entries = session.entries
        if update {
            if let failed = entries.firstIndex(where: { !$0.succeeded }) {
                console.fail("cannot update \(file): the statement at line \(recorded[failed].statement.range.start.line) fails:\n"
                             + entries[failed].output.joined(separator: "\n"))
                throw ExitCode(1)
            }
            do {
                try ScriptFile.write(Transcript.write(entries.map { ($0.text, $0.output) }), to: file)
            } catch {
                console.fail("cannot write \(file): \(error.reason)")
                throw ExitCode(1)
            }
            console.write("updated \(file): \(entries.filter { !$0.text.hasPrefix("#") }.count) statements\n")
            return
        }
        var changed = 0
        for (index, entry) in entries.enumerated() where index < recorded.count {
            let (statement, expected) = recorded[index]
            guard entry.output != expected else { continue }
            changed += 1
            let line = statement.range.start.line
            var lines = ["--- \(file):\(line) (recorded)", "+++ \(file):\(line) (now)", "@@ \(statement.text.split(separator: "\n").first ?? "") @@"]
            lines += LineDiff.lines(expected, entry.output)
            console.write(lines.joined(separator: "\n") + "\n")
        }
        let count = entries.filter { !$0.text.hasPrefix("#") }.count
        if changed == 0 {
            console.write("\(file): \(count) statement\(count == 1 ? "" : "s") checked, all outputs match\n")
        } else {
            console.fail("\(file): \(changed) of \(count) statements print something else now (kpi check --update \(file) records it)")
            throw ExitCode(1)
        }
    }
}
