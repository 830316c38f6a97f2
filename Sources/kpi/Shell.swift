import Glibc
import KPICore
import LineEditor

/// The interactive loop: prompt, read (continuing open statements), run, print.
struct Shell {
    let session: Session
    let console: Console
    /// The prompt for a new statement (`kpi> `, `kpi[bigger]> `, `kpi[lesson 3/8]> `).
    var prompt: () -> String
    /// What a complete input does; false leaves the loop. By default it runs as statements.
    var handle: (String) -> Bool
    /// Called at Ctrl-D, before the loop ends.
    var onEnd: () -> Void = {}
    var greets = true
    /// Words Tab completes at the start of a line besides the statements.
    var commands: [String] = []

    init(session: Session, console: Console) {
        self.session = session
        self.console = console
        prompt = { session.workspace.activeScenario.map { "kpi[\($0)]> " } ?? "kpi> " }
        handle = { text in
            let outcome = session.run(SourceText(name: "<prompt>", text: text))
            if case .failed(let diagnostic) = outcome {
                if case .cancelled = diagnostic.error { console.write("\n") }  // after the echoed ^C
                console.show(diagnostic)
            }
            if case .quit = outcome { return false }
            return true
        }
    }

    /// Ctrl-C sets the shared flag: a load polls it and stops; at the prompt the
    /// read returns and the line is dropped.
    private static let interrupt: @convention(c) (Int32) -> Void = { _ in
        CancellationFlag.shared.cancel()
    }

    func run() {
        _ = CancellationFlag.shared.isCancelled
        LineEditor.installInterruptHandler(Self.interrupt)
        let workspace = { [session] in session.workspace }
        let editor = LineEditor(program: "kpi", historyFile: StatePaths.historyFile) { [commands] before in
            let completion = Completer.complete(before, workspace: workspace(), commands: commands)
            return LineEditor.Completion(word: completion.word, candidates: completion.candidates)
        }
        session.confirmOverwrite = { path in
            if case .line(let answer) = editor.read(prompt: "\(path) exists; replace it? [y/N] ") {
                return answer.lowercased().hasPrefix("y")
            }
            return false
        }
        if greets { greet() }
        var lines = StatementLines()
        var interruptedLast = false
        while true {
            switch editor.read(prompt: lines.isEmpty ? prompt() : "...> ") {
            case .endOfInput:
                console.write("\n")
                onEnd()
                return
            case .interrupted:
                CancellationFlag.shared.reset()
                console.write("\n")
                if interruptedLast && lines.isEmpty {
                    console.write(console.output.style.dim("(to leave, press Ctrl-D or type quit)") + "\n")
                }
                interruptedLast = lines.isEmpty
                lines.discard()
            case .line(let line):
                interruptedLast = false
                guard let text = lines.add(line)?.text else { continue }
                // The history file keeps no password typed in a connect (it shows as ***).
                editor.remember(Secrets.redacted(Lexer.singleLine(text)).trimmingTrailingSpaces())
                CancellationFlag.shared.reset()
                if !handle(text) { return }
            }
        }
    }

    private func greet() {
        let style = console.output.style
        console.write("kpi \(KPIVersion.current) \(style.dot) type help for the statements, Ctrl-D to leave\n")
        if let table = session.workspace.tables.first {
            console.write(style.dim("Try: describe \(table.name) \(style.dot) head \(table.name) 5 \(style.dot) help load") + "\n")
        } else {
            console.write(style.dim("Try: load \"samples/marketing.csv\" \(style.dot) help") + "\n")
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
