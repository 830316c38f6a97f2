/// What evaluation keeps between statements: period indexes per table and grain,
/// and each definition's result per grain and breakdown. Redefining a name drops
/// the results of the name and everything that depends on it, nothing else.
final class EvaluationCache {
    private var indexes: [String: PeriodIndex] = [:]
    private var results: [String: Quantity] = [:]
    /// Forecasting models fitted so far, by the values they were fitted to.
    let forecasts = ForecastFits()
    /// Answers of attached tables' databases, for the statement running now only.
    private var remote: [String: RemoteResult] = [:]

    /// The pushed-down result kept under `key` this statement (empty when new).
    func remoteResult(_ key: String) -> RemoteResult {
        if let result = remote[key] { return result }
        let result = RemoteResult()
        remote[key] = result
        return result
    }

    /// A statement starts: what the databases answered for the last one is not reused.
    func beginStatement() { remote.removeAll() }

    func periodIndex(table: Table, column: Int, grain: Grain) -> PeriodIndex {
        let key = "\(table.name)|\(column)|\(grain.rawValue)"
        if let index = indexes[key] { return index }
        let index = PeriodIndex(column: table.columns[column].data, grain: grain)
        indexes[key] = index
        return index
    }

    func result(_ name: String, context: String) -> Quantity? {
        results[name + "|" + context]
    }

    func store(_ value: Quantity, for name: String, context: String) {
        results[name + "|" + context] = value
    }

    /// Drops the results of `names` (a definition and its dependents).
    func invalidate(_ names: Set<String>) {
        results = results.filter { key, _ in !names.contains(String(key[..<key.firstIndex(of: "|")!])) }
    }

    /// After `undo` or `reset`: the workspace is another one.
    func invalidateAll() {
        indexes.removeAll()
        results.removeAll()
    }

    /// After a table is loaded again or gets another time column: everything it fed is stale.
    func invalidateTable(_ name: String) {
        indexes = indexes.filter { !$0.key.hasPrefix(name + "|") }
        results.removeAll()
    }
}
