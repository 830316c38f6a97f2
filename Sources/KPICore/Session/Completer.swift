/// Tab completion for the text before the cursor: statement keywords, table and
/// column names, grains, help topics, and file paths inside quotes.
public enum Completer {
    /// The word being completed and the full words that could replace it.
    public static func complete(_ before: String, workspace: Workspace) -> (word: String, candidates: [String]) {
        let statement = String(before.split(separator: ";", omittingEmptySubsequences: false).last ?? "")
        if statement.filter({ $0 == "\"" }).count % 2 == 1 {
            let path = String(statement[statement.index(after: statement.lastIndex(of: "\"")!)...])
            let keyword = statement.split(separator: " ").first.map(String.init) ?? ""
            return (path, paths(startingWith: path, scripts: keyword == "run" || keyword == "save"))
        }
        let word = String(statement.reversed().prefix { $0 == "_" || $0 == "." || $0.isLetter || $0.isNumber }.reversed())
        let previous = statement.dropLast(word.count).split(whereSeparator: \.isWhitespace).map(String.init)
        let options = candidates(after: previous, word: word, workspace: workspace)
        let matches = Set(options.filter { $0.hasPrefix(word) && $0 != word }).sorted()
        // A unique word is finished with a space, as shells do, unless more follows it.
        if matches.count == 1, let only = matches.first, !only.hasSuffix(".") { return (word, [only + " "]) }
        return (word, matches)
    }

    private static func candidates(after previous: [String], word: String, workspace: Workspace) -> [String] {
        if word.contains(".") {
            let tableName = String(word[..<word.firstIndex(of: ".")!])
            return workspace.table(named: tableName)?.columns.map { tableName + "." + $0.name } ?? []
        }
        guard let keyword = previous.first else { return Keywords.statements }
        let tables = workspace.tables.map(\.name)
        switch keyword {
        case "describe", "head": return previous.count == 1 ? tables : []
        case "explain": return previous.count == 1 ? workspace.definitionNames : []
        case "drop":
            return previous.count == 1 ? workspace.definitionNames + workspace.goals.map(\.name) + workspace.objectives.map(\.name)
                + workspace.scenarios.map(\.name) : []
        case "key", "plan": return workspace.definitionNames
        case "scorecard": return workspace.objectives.map(\.name)
        case "use": return ["base"] + workspace.scenarios.map(\.name)
        case "compare":
            return previous.contains("on") ? workspace.definitionNames : ["base", "on"] + workspace.scenarios.map(\.name)
        case "solve", "sensitivity", "simulate", "scenario": return workspace.definitionNames
        case "catalog": return CatalogEntry.all.map(\.name)
        case "goal": return previous.count >= 2 && previous.last?.hasSuffix(":") == true ? workspace.definitionNames
            : previous.last == "for" ? workspace.objectives.map(\.name) : []
        case "show", "chart":
            if previous.last == "by" { return tables.map { $0 + "." } }
            return workspace.definitionNames + ["by", "from", "to", "last"] + (keyword == "show" ? ["as"] : [])
                + Functions.all.sorted()
        case "time": return previous.count == 1 ? tables.map { $0 + "." } + tables : []
        case "grain": return Grain.allCases.map(\.rawValue)
        case "help": return HelpTopics.names + Keywords.statements.filter { HelpTopics.text(for: $0) != nil }
        case "timer": return ["on", "off"]
        case "load": return previous.count == 2 ? ["as"] : []
        default: return tables + workspace.names
        }
    }

    /// Files and folders that complete `path`; for `load`, data files only, for
    /// `run` and `save`, scripts. Folders end in `/`, a unique file gets its closing quote.
    static func paths(startingWith path: String, scripts: Bool) -> [String] {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let prefix = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var listed = folder.isEmpty ? "." : folder
        if listed.hasPrefix("~"), let home = StatePaths.environment("HOME") { listed = home + listed.dropFirst() }
        let extensions = scripts ? ["kpi"] : ["csv", "tsv", "tab", "txt", "jsonl", "ndjson", "json"]
        let matches = FileListing.names(in: listed).filter { entry in
            entry.name.hasPrefix(prefix)
                && (entry.isDirectory || extensions.contains(entry.name.split(separator: ".").last.map { $0.lowercased() } ?? ""))
        }
        let words = matches.map { folder + $0.name + ($0.isDirectory ? "/" : "") }
        if words.count == 1, matches[0].isDirectory == false { return [words[0] + "\""] }
        return words
    }
}
