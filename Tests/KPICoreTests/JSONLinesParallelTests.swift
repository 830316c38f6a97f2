import Testing
@testable import KPICore

/// The parallel JSON Lines path (keys and types from the first lines, chunks parsed in
/// parallel into typed columns) gives exactly the table the sequential reader gives, and
/// hands every unusual file to it.
@Suite("JSON Lines, in parallel")
struct JSONLinesParallelTests {
    /// Both readers' tables for `text`, value by value.
    static func tables(_ text: String) throws -> (parallel: [[Value]], sequential: [[Value]], headers: [String]) {
        let path = Fixtures.temporary(text, name: "data.jsonl")
        let file = try MappedFile(path: path)
        let reader = JSONLinesReader(base: file.bytes, start: 0, end: file.count, cancellation: nil)
        func values(_ output: DelimitedReader.Output) throws -> [[Value]] {
            output.columns.map { assembled in
                let column = Column(name: "c", header: "c", data: assembled.data)
                return (0..<output.rowCount).map(column.value(at:))
            }
        }
        let parallel = try reader.read(), sequential = try reader.readSequentially()
        #expect(parallel.headers == sequential.headers)
        return (try values(parallel), try values(sequential), parallel.headers)
    }

    /// 40,000 lines (several chunks): keys out of order and missing, nulls, nested values,
    /// escapes, booleans, and a column whose type widens late.
    static let varied: String = (0..<40_000).map { i -> String in
        var fields = ["\"day\": \"2026-0\(1 + i % 9)-1\(i % 10)\"", "\"n\": \(i % 7 == 0 ? "null" : String(Double(i) / 4))"]
        if i % 3 != 0 { fields.append("\"channel\": \"\(["search", "e\\\"mail", "social\\n"][i % 3])\"") }
        if i % 5 == 0 { fields.append("\"meta\": {\"a\": [1, 2, {\"b\": \"}\"}]}") }
        fields.append("\"ok\": \(i % 2 == 0 ? "true" : "false")")
        fields.append("\"code\": \(i == 30_000 ? "\"x-1\"" : String(i))")
        if i % 11 == 0 { fields.swapAt(0, fields.count - 1) }
        return "{" + fields.joined(separator: ", ") + "}"
    }.joined(separator: "\n") + "\n"

    @Test("the same table as the sequential reader, over many chunks, with a late wider type")
    func same() throws {
        let (parallel, sequential, headers) = try Self.tables(Self.varied)
        // Line 0 lists its first and last keys swapped: columns come in the order first seen.
        #expect(headers == ["code", "n", "meta", "ok", "day", "channel"])
        #expect(parallel == sequential)
        let column = { (name: String) in try #require(headers.firstIndex(of: name)) }
        #expect(parallel[try column("code")][30_000] == .text("x-1"), "code widened to text after the sampled lines")
        #expect(parallel[try column("code")][29_999] == .text("29999"))
        #expect(parallel[try column("channel")][1] == .text("e\"mail"))
        #expect(parallel[try column("channel")][0] == .null)
        #expect(parallel[try column("n")][7] == .null)
        #expect(parallel[try column("meta")][0] == .text("{\"a\": [1, 2, {\"b\": \"}\"}]}"))
        #expect(parallel[try column("ok")][1] == .bool(false))
    }

    @Test("a key first seen after the sampled lines, a repeated key, a \\u escape: the sequential reader takes the file")
    func unusual() throws {
        let plain = String(repeating: "{\"a\": 1, \"b\": \"x\"}\n", count: 2_000)
        for tail in ["{\"a\": 2, \"c\": true}\n", "{\"a\": 2, \"a\": 3}\n", "{\"a\": 2, \"b\": \"\\u00e9\"}\n"] {
            let (parallel, sequential, _) = try Self.tables(plain + tail)
            #expect(parallel == sequential, "\(tail)")
        }
    }

    @Test("a broken line after the sampled lines is reported at its line")
    func broken() throws {
        let text = String(repeating: "{\"a\": 1}\n", count: 1_500) + "{\"a\": 1,,}\n"
        let path = Fixtures.temporary(text, name: "data.jsonl")
        let recorder = Recorder()
        let diagnostic = try #require(recorder.run("load \"\(path)\""))
        #expect(diagnostic.description.contains("data.jsonl:1501:"))
    }
}
