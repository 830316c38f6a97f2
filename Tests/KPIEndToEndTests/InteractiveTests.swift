import Foundation
import Testing

@Suite("kpi at a real terminal")
struct InteractiveTests {
    @Test("completion, history, continuation, Ctrl-R, Ctrl-C and Ctrl-D in a pseudo-terminal")
    func shell() throws {
        let state = KPIProcess.temporaryFolder()
        let fixtures = KPIProcess.fixture("")
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["LANG"] = "C.UTF-8"
        environment["XDG_STATE_HOME"] = state
        environment["KPI_HISTORY"] = state + "/history"
        environment["HOME"] = state
        environment.removeValue(forKey: "NO_COLOR")
        let terminal = try PseudoTerminal(KPIProcess.binary, arguments: ["-i", "-c", "load \"tabs.tsv\" as ads"],
                                          environment: environment, directory: fixtures)
        try terminal.waitFor("kpi> ")
        #expect(terminal.transcript.contains("Try: describe ads"), "a hint of what to type next")

        // Tab completes a keyword, then a table name, then the statement runs.
        var mark = terminal.mark
        terminal.send("descr\t")
        try terminal.waitFor("describe", after: mark)
        terminal.send("a\t\r")
        try terminal.waitFor("clicks", after: mark)
        try terminal.waitFor("kpi> ", after: mark)

        // Tab inside quotes completes a file path.
        mark = terminal.mark
        terminal.send("load \"mes\t")
        try terminal.waitFor("messy.csv\"", after: mark)
        terminal.send("\r")
        try terminal.waitFor("loaded messy", after: mark)

        // A trailing open bracket continues the statement under `...> `.
        mark = terminal.mark
        terminal.send("grain (\r")
        try terminal.waitFor("...> ", after: mark)
        terminal.send("week)\r")
        try terminal.waitFor("error: expected the end of the statement", after: mark)

        // Up recalls the multi-line statement whole, on one line.
        mark = terminal.mark
        terminal.send("\u{1B}[A")
        try terminal.waitFor("grain ( week)", after: mark)
        terminal.send("\u{15}")  // Ctrl-U clears it

        // Ctrl-R searches the history.
        mark = terminal.mark
        terminal.send("\u{12}descr")
        try terminal.waitFor("describe ads", after: mark)
        terminal.send("\r")
        try terminal.waitFor("clicks", after: mark)

        // Ctrl-C clears the line; a second one says how to leave.
        mark = terminal.mark
        terminal.send("tables")
        try terminal.waitFor("tables", after: mark)
        terminal.send("\u{3}")
        try terminal.waitFor("kpi> ", after: mark)
        mark = terminal.mark
        terminal.send("\u{3}")
        try terminal.waitFor("(to leave, press Ctrl-D or type quit)", after: mark)
        mark = terminal.mark
        terminal.send("grain\r")
        try terminal.waitFor("grain: month", after: mark)

        // Ctrl-D leaves with status 0, and the history was kept on disk.
        terminal.send("\u{4}")
        #expect(try terminal.waitForExit() == 0)
        // libedit's history file escapes spaces as \040.
        let history = try String(contentsOfFile: state + "/history", encoding: .utf8).replacing("\\040", with: " ")
        #expect(history.contains("\ndescribe ads\n"))
        #expect(history.contains("\ngrain ( week)\n"))
    }
}
