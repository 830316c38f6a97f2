import Testing
@testable import KPICore

/// `where` follows SQL's three-valued logic: a comparison with a null is unknown, `not`
/// leaves unknown unknown, and only rows where the condition is true are counted.
/// Expected counts are what SQLite and PostgreSQL give for the same rows.
@Suite("Nulls in conditions")
struct NullLogicTests {
    /// Rows: search/true/1, social/false/2, and a row with every field empty.
    private func count(where condition: String) throws -> Double? {
        let path = Fixtures.temporary("day,cat,flag,v\n2026-01-01,search,true,1\n2026-01-02,social,false,2\n2026-01-03,,,\n")
        let recorder = Recorder()
        let failure = recorder.run("load \"\(path)\" as t; metric n = count(t) where \(condition); show n as csv")
        #expect(failure == nil, "\(failure?.description ?? "")")
        let view = try recorder.last(\.view)
        return view.columns.first?.values[0].last
    }

    @Test("!= and not == agree: the empty row is in neither", arguments: [
        ("t.cat != \"search\"", 1.0), ("not t.cat == \"search\"", 1), ("not t.cat in (\"search\")", 1),
        ("t.cat not in (\"search\")", 1), ("t.cat in (\"search\", \"social\")", 2),
    ])
    func negation(condition: String, expected: Double) throws {
        #expect(try count(where: condition) == expected)
    }

    @Test("and is false where either side is false, or true where either side is true, else unknown", arguments: [
        ("t.v > 1 or t.cat == \"x\"", 1.0), ("t.flag or t.cat == \"social\"", 2), ("not (t.v > 5 and t.cat == \"zzz\")", 2),
        ("not (t.v > 5 or t.cat == \"search\")", 1), ("not t.flag", 1), ("t.flag == false", 1), ("t.flag != true", 1),
    ])
    func kleene(condition: String, expected: Double) throws {
        #expect(try count(where: condition) == expected)
    }

    @Test("a count of a bool column skips its nulls, like any column")
    func countOfBools() throws {
        let path = Fixtures.temporary("day,flag\n2026-01-01,true\n2026-01-02,false\n2026-01-03,\n")
        let recorder = Recorder()
        #expect(recorder.run("load \"\(path)\" as t; metric n = count(t.flag); metric s = sum(t.flag); show n, s as csv") == nil)
        let view = try recorder.last(\.view)
        #expect(view.columns.map { $0.values[0].last } == [2, 1])
    }
}
