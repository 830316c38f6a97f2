/// Everything the user has built: loaded tables and settings. Statements change
/// it only when they succeed, so a failed or cancelled statement leaves it as it was.
public struct Workspace: Sendable {
    /// Tables in the order they were loaded.
    public private(set) var tables: [Table] = []
    /// The grain metrics are computed per.
    public var grain: Grain = .month
    /// Metrics and assumptions by name.
    public private(set) var definitions: [String: Definition] = [:]
    /// Names in the order they were first defined.
    public private(set) var definitionOrder: [String] = []
    /// The main KPIs (`key`), in order.
    public var keys: [String] = []
    /// Business objectives, in the order defined.
    public var objectives: [Objective] = []
    /// Goals, in the order defined.
    public var goals: [Goal] = []
    /// Planned values by metric.
    public var plans: [String: Plan] = [:]
    /// What-if scenarios, in the order defined.
    public var scenarios: [Scenario] = []
    /// Rank correlations between uncertain assumptions (`correlate`), in the order set.
    public var correlations: [Correlation] = []
    /// The scenario `use` made active; nil is the base case.
    public var activeScenario: String?
    /// Live database connections: shared by every copy, since a connection is not
    /// something `undo` can take back.
    public let databases = DatabaseRegistry()

    /// Definitions that aggregate an attached table directly.
    var remoteReaders: [String] {
        let attached = Set(tables.filter { $0.remote != nil }.map(\.name))
        guard !attached.isEmpty else { return [] }
        return definitionOrder.filter { name in
            guard let definition = definitions[name] else { return false }
            return definition.columns.contains { attached.contains($0.table) }
                || (definition.expression.names + (definition.filter?.names ?? [])).contains { attached.contains($0) }
        }
    }

    public func scenario(named name: String) -> Scenario? { scenarios.first { $0.name == name } }

    public func objective(named name: String) -> Objective? { objectives.first { $0.name == name } }
    public func goal(named name: String) -> Goal? { goals.first { $0.name == name } }

    /// Adds a goal or objective, replacing one of the same name in place.
    mutating func put(_ goal: Goal) {
        if let index = goals.firstIndex(where: { $0.name == goal.name }) { goals[index] = goal } else { goals.append(goal) }
    }

    mutating func put(_ objective: Objective) {
        if let index = objectives.firstIndex(where: { $0.name == objective.name }) {
            objectives[index] = objective
        } else {
            objectives.append(objective)
        }
    }

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

    /// Every name completion and "did you mean" should know: tables, `table.column`, definitions.
    public var names: [String] {
        tables.flatMap { table in [table.name] + table.columns.map { table.name + "." + $0.name } } + definitionOrder
    }

    public var definitionNames: [String] { definitionOrder }

    mutating func define(_ definition: Definition) {
        if definitions[definition.name] == nil { definitionOrder.append(definition.name) }
        definitions[definition.name] = definition
    }

    mutating func remove(_ name: String) {
        definitions[name] = nil
        definitionOrder.removeAll { $0 == name }
        keys.removeAll { $0 == name }
    }

    /// Names that read `name`, directly or through others, in definition order. One pass
    /// over the definitions to invert the graph, then a walk: linear in its size, so a long
    /// chain of definitions stays fast.
    public func dependents(of name: String) -> [String] {
        var readers: [String: [String]] = [:]
        for definition in definitions.values {
            for dependency in definition.dependencies { readers[dependency, default: []].append(definition.name) }
        }
        var found: Set<String> = [name]
        var pending = [name]
        while let next = pending.popLast() {
            for reader in readers[next] ?? [] where found.insert(reader).inserted { pending.append(reader) }
        }
        return definitionOrder.filter { $0 != name && found.contains($0) }
    }

    /// Names that read `name` directly.
    public func directDependents(of name: String) -> [String] {
        definitionOrder.filter { definitions[$0]?.dependencies.contains(name) == true }
    }

    /// The path `name → … → name` if `dependencies` of `name` lead back to it. A walk
    /// without recursion (chains can be thousands long) that remembers how it reached each
    /// name, so the path is rebuilt only once a cycle is found.
    func cycle(through name: String, dependencies: [String]) -> [String]? {
        var cameFrom: [String: String] = [:]
        var pending: [String] = []
        for dependency in dependencies where cameFrom[dependency] == nil {
            cameFrom[dependency] = name
            pending.append(dependency)
        }
        while let current = pending.popLast() {
            if current == name {
                var path = [name], step = cameFrom[name]!
                while step != name {
                    path.append(step)
                    step = cameFrom[step]!
                }
                return [name] + Array(path[1...].reversed()) + [name]
            }
            for dependency in definitions[current]?.dependencies ?? [] where cameFrom[dependency] == nil {
                cameFrom[dependency] = current
                pending.append(dependency)
            }
        }
        return nil
    }
}

/// `correlate X, Y RANK`: two uncertain assumptions drawn with this rank correlation.
public struct Correlation: Sendable, Equatable {
    public var first: String
    public var second: String
    public var rank: Double

    /// Whether it pairs these two names, in either order.
    func pairs(_ a: String, _ b: String) -> Bool { (first == a && second == b) || (first == b && second == a) }
}
