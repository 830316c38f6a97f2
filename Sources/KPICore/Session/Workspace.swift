/// Everything the user has built: loaded tables and settings. Statements change
/// it only when they succeed, so a failed or cancelled statement leaves it as it was.
public struct Workspace: Sendable {
    /// Tables in the order they were loaded.
    public private(set) var tables: [Table] = []
    /// The grain metrics are computed per.
    public var grain: Grain = .month

    public init() {}

    public func table(named name: String) -> Table? {
        tables.first { $0.name == name }
    }

    /// Adds a table, or replaces the one of the same name; true when it replaced one.
    @discardableResult
    mutating func put(_ table: Table) -> Bool {
        if let index = tables.firstIndex(where: { $0.name == table.name }) {
            tables[index] = table
            return true
        }
        tables.append(table)
        return false
    }

    mutating func setTimeColumn(_ column: Int, of name: String) {
        guard let index = tables.firstIndex(where: { $0.name == name }) else { return }
        tables[index].timeColumn = column
    }

    /// Every name completion and "did you mean" should know: tables and `table.column`.
    public var names: [String] {
        tables.flatMap { table in [table.name] + table.columns.map { table.name + "." + $0.name } }
    }
}
