/// Gathers lines until they make complete statements: a line that ends in an
/// operator, a comma or an open bracket (or inside a string) continues on the next.
/// The shell and piped input share it, so both continue a statement alike.
public struct StatementLines {
    private var pending: [String] = []
    private var lineNumber = 0
    private var firstLine = 1

    public init() {}

    /// True while no statement is half-typed.
    public var isEmpty: Bool { pending.isEmpty }

    /// Adds a line; returns the statement text once it is complete, with the line it began on.
    public mutating func add(_ line: String) -> (text: String, firstLine: Int)? {
        lineNumber += 1
        if pending.isEmpty { firstLine = lineNumber }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        if Lexer.isIncomplete(text) { return nil }
        pending = []
        return (text, firstLine)
    }

    /// What is left at the end of the input, to run as it stands (its error says what is missing).
    public mutating func finish() -> (text: String, firstLine: Int)? {
        defer { pending = [] }
        return pending.isEmpty ? nil : (pending.joined(separator: "\n"), firstLine)
    }

    /// Drops the half-typed statement (Ctrl-C at a `...>` prompt).
    public mutating func discard() { pending = [] }
}
