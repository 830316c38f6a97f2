/// The `#> ` lines of a script saved `with output`: what each statement printed.
public enum Transcript {
    /// The recorded output of each statement of `script`, in order (comments included,
    /// with none): the `#>` lines that follow the statement's last line.
    public static func recordedOutputs(_ script: SourceText) throws(KPIError) -> [(statement: ParsedStatement, output: [String])] {
        let lines = script.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        return try Parser.parse(script).map { statement in
            var output: [String] = []
            var index = statement.range.end.line  // the line after the statement (lines are 1-based)
            while index < lines.count, lines[index].hasPrefix("#>") {
                let line = lines[index].dropFirst(2)
                output.append(String(line.hasPrefix(" ") ? line.dropFirst() : line))
                index += 1
            }
            return (statement, output)
        }
    }

    /// A script with each statement followed by its output as `#> ` lines.
    public static func write(_ statements: [(text: String, output: [String])]) -> String {
        var text = ScriptFile.header + "\n"
        for statement in statements where !statement.text.hasPrefix(ScriptFile.headerPrefix) {
            text += statement.text + "\n"
            text += statement.output.map { $0.isEmpty ? "#>\n" : "#> " + $0 + "\n" }.joined()
        }
        return text
    }
}

/// A line diff in unified form, for `kpi check`.
public enum LineDiff {
    /// `-` for lines only in `old`, `+` for lines only in `new`, ` ` for common ones
    /// (a longest common subsequence; outputs are short).
    public static func lines(_ old: [String], _ new: [String]) -> [String] {
        let n = old.count, m = new.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                result.append(" " + old[i])
                i += 1
                j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                result.append("-" + old[i])
                i += 1
            } else {
                result.append("+" + new[j])
                j += 1
            }
        }
        return result
    }
}
