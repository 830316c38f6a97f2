/// Tab completion for the text before the cursor: statement keywords, table and
/// column names, grains, help topics, and file paths inside quotes.
public enum Completer {
    /// The word being completed and the full words that could replace it; `commands` are
    /// words that may start a line besides the statements (a lesson's `hint`, `skip` …).
    public static func complete(_ before: String, workspace: Workspace, commands: [String] = []) -> (word: String, candidates: [String]) {
        let statement = String(before.split(separator: ";", omittingEmptySubsequences: false).last ?? "")
        if statement.filter({ $0 == "\"" }).count % 2 == 1 {
            let path = String(statement[statement.index(after: statement.lastIndex(of: "\"")!)...])
            let keyword = statement.split(separator: " ").first.map { String($0.filter { $0 != "!" }) } ?? ""
            guard case .file(let kind, _)? = StatementKind(keyword: keyword)?.entry.completion else { return (path, []) }
            return (path, paths(startingWith: path, extensions: kind.extensions))
        }
        let word = String(statement.reversed().prefix { $0 == "_" || $0 == "." || $0.isLetter || $0.isNumber }.reversed())
        let previous = statement.dropLast(word.count).split(whereSeparator: \.isWhitespace).map(String.init)
        let options = previous.isEmpty && !word.contains(".") ? StatementKind.keywords + commands
            : candidates(after: previous, word: word, workspace: workspace)
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
        guard let kind = previous.first.flatMap({ StatementKind(keyword: $0.filter { $0 != "!" }) }) else { return [] }
        let tables = workspace.tables.map(\.name)
        let first = previous.count == 1
        switch kind.entry.completion {
        case .nothing: return []
        case .words(let words): return first ? words : []
        case .table: return first ? tables : []
        case .connection: return first ? workspace.databases.names : []
        case .tableOrColumn: return first ? tables.map { $0 + "." } + tables : []
        case .expression: return first ? [] : tables + workspace.names
        case .definition: return first ? workspace.definitionNames : []
        case .definitions: return workspace.definitionNames
        case .droppable:
            return first ? workspace.definitionNames + workspace.goals.map(\.name) + workspace.objectives.map(\.name)
                + workspace.scenarios.map(\.name) : []
        case .objective: return first ? workspace.objectives.map(\.name) : ["as"]
        case .scenario: return first ? ["base"] + workspace.scenarios.map(\.name) : []
        case .comparison:
            return previous.contains("on") ? workspace.definitionNames : ["base", "on"] + workspace.scenarios.map(\.name)
        case .goal:
            if previous.last == "for" { return workspace.objectives.map(\.name) }
            return previous.count >= 2 && previous.last?.hasSuffix(":") == true ? workspace.definitionNames : []
        case .view(let clauses):
            if previous.last == "by" {
                // table.column, or a bare column several tables may share (a conformed dimension).
                let shared = workspace.tables.flatMap { $0.columns.filter { $0.type == .text || $0.type == .bool }.map(\.name) }
                return tables.map { $0 + "." } + Set(shared).sorted()
            }
            if previous.last == "as" { return OutputFormat.allCases.map(\.rawValue) }
            if previous.last == "method" { return ForecastMethod.allCases.map(\.rawValue) }
            if previous.last == "with" { return ["forecast"] }
            return workspace.definitionNames + clauses + Functions.all.sorted()
        case .helpTopic: return first ? HelpTopics.names : []
        case .catalogEntry: return first ? CatalogEntry.all.map(\.name) : []
        case .file(_, let then): return previous.count == 2 ? then : []
        }
    }

    /// Files and folders that complete `path`: folders, and files with one of the
    /// extensions. Folders end in `/`, a unique file gets its closing quote.
    static func paths(startingWith path: String, extensions: [String]) -> [String] {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let prefix = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var listed = folder.isEmpty ? "." : folder
        if listed.hasPrefix("~"), let home = StatePaths.environment("HOME") { listed = home + listed.dropFirst() }
        let matches = FileListing.names(in: listed).filter { entry in
            entry.name.hasPrefix(prefix)
                && (entry.isDirectory || extensions.contains(entry.name.split(separator: ".").last.map { $0.lowercased() } ?? ""))
        }
        let words = matches.map { folder + $0.name + ($0.isDirectory ? "/" : "") }
        if words.count == 1, matches[0].isDirectory == false { return [words[0] + "\""] }
        return words
    }
}
