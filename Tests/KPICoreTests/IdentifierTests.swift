import Testing
@testable import KPICore
@testable import KPIRender

/// Digits that name things (ids, zip codes) stay exact: kept as text, and describe says so.
@Suite("Identifiers written as digits")
struct IdentifierTests {
    private func loaded() -> Recorder {
        let path = Fixtures.temporary("day,id,zip,v\n2026-01-01,9007199254740992,00123,1\n"
                                      + "2026-01-02,9007199254740993,0123,2\n2026-01-03,12,0,0.5\n")
        let recorder = Recorder()
        recorder.run("load \"\(path)\" as t")
        return recorder
    }

    @Test("ids past 2^53 and codes with leading zeros are distinct, as written")
    func exact() throws {
        let recorder = loaded()
        #expect(recorder.run("metric n = count_distinct(t.id); metric z = count_distinct(t.zip); show n, z as csv") == nil)
        #expect(try recorder.last(\.view).columns.map { $0.values[0][0] } == [3, 3])
        #expect(recorder.run("head t 2") == nil)
        let rows = try recorder.last(\.rows)
        #expect(rows.rows[1][1] == .text("9007199254740993"))
        #expect(rows.rows[0][2] == .text("00123"))
    }

    @Test("numbers stay numbers: 0, 0.5, 007.5 and integers up to 2^53")
    func numbers() {
        func kind(_ text: String) -> FieldValueParser.Kind {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { FieldValueParser.classify($0.baseAddress!, $0.count) }
        }
        #expect(kind("0") == .number)
        #expect(kind("0.5") == .number)
        #expect(kind("007.5") == .number)
        #expect(kind("9007199254740992") == .number)
        #expect(kind("-12") == .number)
        #expect(kind("9007199254740993") == .text)
        #expect(kind("0123") == .text)
        #expect(kind("-0123") == .text)
        #expect(kind("123456789012345678901234") == .text)
    }

    @Test("describe marks identifier columns and says why they are text")
    func described() throws {
        let recorder = loaded()
        #expect(recorder.run("describe t") == nil)
        let output = try #require(recorder.outputs.last)
        let text = try #require(OutputRenderer(style: .plain).render(output))
        #expect(text.contains("note: id, zip hold identifiers written as digits (leading zeros, or past 2^53): kept as text, exactly"))
        #expect(text.contains("\nid      text id"))
    }
}
