import Foundation
import Testing

@Suite("kpi at a real terminal")
struct InteractiveTests {
    @Test("completion, history, continuation, Ctrl-R, Ctrl-C and Ctrl-D in a pseudo-terminal")
    func shell() throws {
        let state = try KPIProcess.temporaryFolder()
        let terminal = try PseudoTerminal(try KPIProcess.binary(), arguments: ["-i", "-c", "load \"tabs.tsv\" as ads"],
                                          environment: PseudoTerminal.environment(state: state), directory: KPIProcess.fixture(""))
        try terminal.waitForPrompt(after: 0)
        #expect(terminal.screen.contains("Try: describe ads"), "a hint of what to type next")

        /// Types `keys`, waits for `expected`, then for the next prompt.
        func type(_ keys: String, expect expected: String, prompt: String = "kpi> ") throws {
            let mark = terminal.mark
            terminal.send(keys)
            try terminal.waitForPrompt(prompt, after: try terminal.waitFor(expected, after: mark))
        }

        // Tab completes a keyword (adding a space), then a table name; Enter runs it.
        try type("descr\ta\t\r", expect: "clicks")
        // Tab inside quotes completes a file path and closes the quote.
        try type("load \"mes\t\r", expect: "loaded messy")
        // A trailing open bracket continues the statement under `...> `.
        try type("grain (\r", expect: "grain (", prompt: "...> ")
        try type("week)\r", expect: "error: expected the end of the statement")

        // Up recalls the multi-line statement whole, on one line; Ctrl-U clears it.
        var mark = terminal.mark
        terminal.send("\u{1B}[A")
        try terminal.waitFor("grain ( week)", after: mark)
        terminal.send("\u{15}")

        // Ctrl-R searches the history.
        try type("\u{12}descr\r", expect: "clicks")

        // Ctrl-C clears the line; a second one says how to leave.
        mark = terminal.mark
        terminal.send("tables")
        try terminal.waitFor("tables", after: mark)
        try type("\u{3}", expect: "\n")
        try type("\u{3}", expect: "(to leave, press Ctrl-D or type quit)")
        try type("grain\r", expect: "grain: month")

        // Ctrl-D leaves with status 0, and the history was kept on disk.
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        // libedit's history file escapes spaces as \040.
        let history = try String(contentsOfFile: state + "/history", encoding: .utf8).replacing("\\040", with: " ")
        #expect(history.contains("\ndescribe ads\n"))
        #expect(history.contains("\ngrain ( week)\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: state + "/history")[.posixPermissions] as? Int
        #expect(mode == 0o600, "the history holds everything typed: only its owner may read it")
    }
}

@Suite("kpi replay at a real terminal")
struct ReplayStepTests {
    @Test("replay --step: narration, Enter runs, s skips, q stops in the shell with what ran so far")
    func step() throws {
        let folder = try KPIProcess.temporaryFolder()
        try """
            # kpi session · format 1
            # First, an assumption.
            let a = 2
            let b = 3
            let c = 4
            """.write(toFile: folder + "/w.kpi", atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(try KPIProcess.binary(), arguments: ["replay", "w.kpi", "--step"],
                                          environment: PseudoTerminal.environment(state: folder), directory: folder)
        var mark = try terminal.waitFor("First, an assumption.")
        try terminal.waitForPrompt("skip · q stop", after: mark)
        terminal.send("\r")
        mark = try terminal.waitFor("let a = 2", after: try terminal.waitFor("kpi> let a = 2", after: 0))
        try terminal.waitForPrompt("skip · q stop", after: try terminal.waitFor("kpi> let b = 3", after: mark))
        terminal.send("s\r")
        mark = try terminal.waitFor("kpi> let c = 4", after: mark)
        try terminal.waitForPrompt("skip · q stop", after: mark)
        terminal.send("q\r")
        mark = try terminal.waitFor("stopped; the shell has everything run so far", after: mark)
        try terminal.waitForPrompt("kpi> ", after: mark)
        mark = terminal.mark
        terminal.send("show a\r")
        try terminal.waitForPrompt("kpi> ", after: try terminal.waitFor("─\n2", after: mark))
        mark = terminal.mark
        terminal.send("show b\r")
        try terminal.waitForPrompt("kpi> ", after: try terminal.waitFor("'b' is not defined", after: mark))
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }
}
