/// The statements of data: load, tables, describe, head, time, grain.
extension Parser {
    /// `load "PATH" [as NAME]`
    mutating func parseLoad() throws(KPIError) -> Statement {
        if case .identifier = current.kind, tokens[position + 1].kind == .symbol(".") || tokens[position + 1].kind == .identifier("query") {
            // `load data.csv` is a path that lost its quotes, not table csv of a connection data.
            let fileExtensions = ArgumentCompletion.FileKind.data.extensions
            if case .identifier(let after) = tokens[position + 2].kind, fileExtensions.contains(after.lowercased()) {
                _ = try string("a file path in quotes", example: "load \"samples/marketing.csv\"")
            }
            return try parseRemoteLoad()
        }
        let path = try string("a file path in quotes", example: "load \"samples/marketing.csv\"")
        var alias: Located<String>?
        if at(keyword: "as") {
            position += 1
            alias = try name("a table name after 'as'")
        }
        return .load(path: path, alias: alias)
    }

    /// `head TABLE [N]`
    mutating func parseHead() throws(KPIError) -> Statement {
        let table = try name("a table name", example: "head marketing 5")
        return .head(table: table, count: try optionalCount())
    }

    /// `time TABLE.COLUMN`, or `time TABLE` to show it.
    mutating func parseTime() throws(KPIError) -> Statement {
        let table = try name("a table name", example: "time marketing.date")
        guard current.kind == .symbol(".") else { return .time(table: table, column: nil) }
        position += 1
        return .time(table: table, column: try name("a column name after '.'"))
    }

    /// `day`, `week` … (a plural is forgiven), or nothing.
    mutating func optionalGrain() throws(KPIError) -> Located<Grain>? {
        guard case .identifier(let word) = current.kind else { return nil }
        position += 1
        let range = tokens[position - 1].range
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        guard let grain = Grain(rawValue: word) ?? Grain(rawValue: singular) else {
            throw .unknownGrain(word, at: range, suggestion: Suggestion.closest(to: word, in: Grain.allCases.map(\.rawValue)))
        }
        return Located(grain, range)
    }
}
