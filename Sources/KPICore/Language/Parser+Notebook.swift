/// The statements of notebooks and the shell: run, save, export, undo, reset,
/// history, help, timer, quit.
extension Parser {
    /// `run "FILE" [with NAME = EXPR, …]`
    mutating func parseRun() throws(KPIError) -> Statement {
        let path = try string("a script path in quotes", example: "run \"sessions/tour.kpi\"")
        guard at(keyword: "with") else { return .run(path: path, with: []) }
        position += 1
        return .run(path: path, with: try overrides(example: "run \"plan.kpi\" with budget = 70k"))
    }

    /// `NAME=VALUE[, NAME=VALUE]` of `kpi FILE --set`, parsed as `run … with` parses its own.
    public static func settings(_ source: SourceText) throws(KPIError) -> [Override] {
        var parser = Parser(source)
        let overrides = try parser.overrides(example: "--set budget=70k")
        try parser.expectStatementEnd()
        return overrides
    }

    /// `save[!] "FILE" [with output]`
    mutating func parseSave() throws(KPIError) -> Statement {
        var overwrite = false
        if current.kind == .symbol("!") {
            overwrite = true
            position += 1
        }
        let path = try string("a file path in quotes", example: "save \"sessions/mine.kpi\"")
        var withOutput = false
        if at(keyword: "with") {
            position += 1
            try expect(keyword: "output", "'output' after 'with'", help: "save \"FILE\" with output also records each result")
            withOutput = true
        }
        return .save(path: path, withOutput: withOutput, overwrite: overwrite)
    }

    /// `timer on|off`
    mutating func parseTimer() throws(KPIError) -> Statement {
        let toggle = try name("'on' or 'off'", example: "timer on")
        guard toggle.value == "on" || toggle.value == "off" else {
            throw .expected("'on' or 'off'", found: "'\(toggle.value)'", at: toggle.range)
        }
        return .timer(on: toggle.value == "on")
    }
}
