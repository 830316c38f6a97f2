import Testing
@testable import KPICore

/// Takes `value` apart with `pattern` (`{ if case .x(let v) = $0 { v } else { nil } }`). When
/// `value` is another case, the test fails at the caller, saying what it found, and this throws:
/// a test can never pass by skipping the assertions that follow.
func extract<Value, Part>(_ expected: String, from value: Value, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                          _ pattern: (Value) -> Part?) throws -> Part {
    try #require(pattern(value), "expected \(expected), found \(String(describing: value))", sourceLocation: sourceLocation)
}

extension Output {
    /// The summary of `load`, for `Recorder.last(\.loaded)`.
    var loaded: TableSummary? { if case .loaded(let v, _) = self { v } else { nil } }
}

extension Recorder {
    /// Runs `text`, which must succeed: a diagnostic fails the test at the caller and throws, so
    /// no later `last(…)` can read an older statement's output.
    func mustRun(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let failure = run(text)
        try #require(failure == nil, "\(text) failed: \(failure?.description ?? "")", sourceLocation: sourceLocation)
    }
}

extension MetricView {
    /// The values of column `column`, group `group`; fails the test when the view has no such column or group.
    func values(column: Int = 0, group: Int = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Double] {
        try #require(columns.indices.contains(column), "no column \(column): the view has \(columns.count)",
                     sourceLocation: sourceLocation)
        let groups = columns[column].values
        try #require(groups.indices.contains(group), "no group \(group): the view has \(groups.count)",
                     sourceLocation: sourceLocation)
        return groups[group]
    }
}
