/// A place in source text: 1-based line and column (columns count characters).
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A span of source text; `end` is exclusive. Diagnostics underline it with carets.
public struct SourceRange: Hashable, Sendable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The range covering both `self` and `other`.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }
}

/// A value together with where it was written, so errors about it can point at it.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// Named source text (a script file, `-c` text, or a line typed at the prompt).
///
/// Keeps the text split into lines so a diagnostic can quote the line it points at.
public struct SourceText: Sendable {
    /// What the user calls this source: a path, `<prompt>`, `<command line>`.
    public let name: String
    public let text: String
    /// Line number of the first line of `text` within `name` (a statement typed
    /// at the prompt is line 1; a statement cut from a file keeps its place).
    public let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
    }

    /// The text of line `number` (absolute, as in `SourceLocation.line`), without its newline.
    public func line(_ number: Int) -> Substring? {
        let index = number - firstLine
        guard index >= 0 else { return nil }
        var current = 0
        var start = text.startIndex
        while current < index {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
        var line = text[start..<end]
        if line.hasSuffix("\r") { line = line.dropLast() }
        return line
    }
}
