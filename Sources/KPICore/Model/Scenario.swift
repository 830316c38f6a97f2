/// A what-if scenario: assumptions or metrics replaced by other expressions.
/// An override may read the base value of the name it replaces (`budget = budget * 1.2`).
public struct Scenario: Sendable {
    public var name: String
    public var overrides: [Override]

    public func override(of name: String) -> Override? { overrides.first { $0.name.value == name } }
}
