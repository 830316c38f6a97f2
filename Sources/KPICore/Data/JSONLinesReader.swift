import Dispatch
import Glibc

/// Reads JSON Lines (one flat JSON object per line) into column builders.
///
/// Every scalar becomes the text it stands for (`"2026-01-05"` → `2026-01-05`,
/// `12.5` → `12.5`, `null` → empty) and goes through the same type inference as
/// CSV fields, so dates in strings become dates. Nested objects and arrays are
/// kept as their JSON text. Keys form the columns in the order first seen; a row
/// without a key has a null there. The usual file (the same keys on every line) is parsed
/// in parallel chunks straight into typed columns; the sequential path copies values once,
/// into one byte arena per column, so a line costs no allocation of its own.
struct JSONLinesReader {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    let cancellation: CancellationFlag?

    /// One column's values: row i is `arena[ends[i - 1] ..< ends[i]]`.
    struct Values {
        var arena: [UInt8] = []
        var ends: [Int] = []
    }

    /// The keys and types of the first lines decide the columns, then every chunk of the
    /// file is parsed in parallel straight into typed builders, as a CSV file is. A value
    /// of a wider type re-parses with that type. A key the first lines did not have, a
    /// repeated key, an escaped key or a broken line sends the file through the sequential
    /// reader, which handles every case and reports errors with their line.
    func read() throws(LoadFailure) -> DelimitedReader.Output {
        guard let sample = sampleColumns() else { return try readSequentially() }
        let layout = LineChunks.layout(base, from: start, to: end, keepingPages: false, cancellation: cancellation)
        let headers = sample.keys.map { String(decoding: $0, as: UTF8.self) }
        var sequential = false
        let output = try ColumnAssembler.read(headers, sample.columns, capacity: layout.capacity, cancellation: cancellation) {
            (types, storage) throws(LoadFailure) in
            guard let chunks = try parseAll(layout, keys: sample.keys, types: types, storage: storage) else {
                sequential = true
                return []
            }
            return chunks
        }
        return sequential ? try readSequentially() : output
    }

    private static let sampleRows = 1000

    /// The keys (in order of first appearance) and inferred types of the first lines, or nil
    /// when they are not all flat objects with plain keys.
    private func sampleColumns() -> (keys: [[UInt8]], columns: [ColumnSample])? {
        var keys: [[UInt8]] = [], columns: [ColumnSample] = []
        var rows = 0, failed = false
        let scanned = try? forEachObject { (parser, _, _) throws(LoadFailure) -> Bool in
            do {
                try parser.object { key, write in
                    var text: [UInt8] = []
                    write(&text)
                    let column = keys.firstIndex { $0.elementsEqual(key) } ?? keys.count
                    if column == keys.count {
                        keys.append(Array(key))
                        columns.append(ColumnSample())
                    }
                    text.withUnsafeBufferPointer { buffer in
                        columns[column].add(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
                    }
                }
            } catch {
                failed = true
                return false
            }
            rows += 1
            return rows < Self.sampleRows
        }
        guard scanned != nil, !failed, rows > 0, !keys.isEmpty, keys.allSatisfy({ !$0.contains(0x5C) }) else { return nil }
        return (keys, columns)
    }

    /// Calls `body` with a parser over each line that is not blank, its line number and
    /// where it starts, until `body` returns false; returns where it stopped.
    @discardableResult
    private func forEachObject(_ body: (inout ObjectParser, _ line: Int, _ lineStart: Int) throws(LoadFailure) -> Bool)
        throws(LoadFailure) -> Int
    {
        var position = start, line = 1
        while position < end {
            var lineEnd = position
            while lineEnd < end, base[lineEnd] != 0x0A { lineEnd += 1 }
            var parser = ObjectParser(base: base, position: position, end: lineEnd)
            parser.skipSpace()
            if parser.position < lineEnd, try !body(&parser, line, position) { return lineEnd + 1 }
            position = lineEnd + 1
            line += 1
        }
        return end
    }

    /// Every chunk in parallel, in file order; nil when one needs the sequential reader.
    private func parseAll(_ layout: LineChunks.Layout, keys: [[UInt8]], types: [ColumnType], storage: [ColumnDestination])
        throws(LoadFailure) -> [[ColumnBuilder]]?
    {
        let boundaries = layout.boundaries
        let count = boundaries.count - 1
        let results = UnsafeMutableBufferPointer<FastChunk?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let reader = self
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: count) { k in
            ColumnDestination.populate(storage, from: layout.firstRows[k], rows: layout.room(k), unless: reader.cancellation)
            var chunk = FastChunk(keys: keys, types: types, storage: storage, firstRow: layout.firstRows[k], room: layout.room(k))
            chunk.parse(reader, from: boundaries[k], to: boundaries[k + 1])
            // Once cancelled the mapping goes as a whole, off this thread (`MappedFile.unmap`).
            if chunk.outcome != .cancelled { LineChunks.release(reader.base, from: boundaries[k], to: boundaries[k + 1]) }
            output[k] = chunk
        }
        var chunks: [[ColumnBuilder]] = []
        for k in 0..<count {
            let chunk = results[k]!
            results[k] = nil
            if chunk.outcome == .cancelled { throw .cancelled }
            if chunk.outcome == .needsSequential { return nil }
            chunks.append(chunk.builders)
        }
        return chunks
    }

    /// The reader of every case, one line after another: keys in any order, new keys on any
    /// line, repeated and escaped keys, and the line and column of a broken line.
    func readSequentially() throws(LoadFailure) -> DelimitedReader.Output {
        var keys: [[UInt8]] = []
        var index: [[UInt8]: Int] = [:]
        var columns: [Values] = []
        var rows = 0
        try forEachObject { (parser, line, lineStart) throws(LoadFailure) -> Bool in
            if rows & 0x3FFF == 0, cancellation?.isCancelled == true { throw .cancelled }
            do throws(ObjectParser.Failure) {
                var expected = 0
                try parser.object { key, write in
                    // Rows usually list the keys in the same order: try the next one first.
                    let column: Int
                    if expected < keys.count, keys[expected].elementsEqual(key) {
                        column = expected
                    } else if let known = index[Array(key)] {
                        column = known
                    } else {
                        column = keys.count
                        keys.append(Array(key))
                        index[Array(key)] = column
                        columns.append(Values(arena: [], ends: [Int](repeating: 0, count: rows)))
                    }
                    expected = column + 1
                    if columns[column].ends.count > rows {  // a repeated key: the last value wins
                        columns[column].arena.removeSubrange((rows > 0 ? columns[column].ends[rows - 1] : 0)...)
                        columns[column].ends.removeLast()
                    }
                    write(&columns[column].arena)
                    columns[column].ends.append(columns[column].arena.count)
                }
                for column in columns.indices where columns[column].ends.count == rows {
                    columns[column].ends.append(columns[column].arena.count)
                }
                rows += 1
                return true
            } catch {
                let excerpt = String(decoding: UnsafeBufferPointer(start: base + lineStart, count: min(parser.end - lineStart, 400)),
                                     as: UTF8.self)
                throw .data(.invalidJSON(line: line, column: error.offset - lineStart + 1, reason: error.reason, excerpt: excerpt))
            }
        }
        let headers = keys.map { String(decoding: $0, as: UTF8.self) }
        let samples = columns.map { Self.sample(of: $0, rows: rows) }
        return try ColumnAssembler.read(headers, samples, capacity: rows, cancellation: cancellation) { types, storage in
            [columns.indices.map { Self.build(columns[$0], type: types[$0], storage: storage[$0], rows: rows) }]
        }
    }

    /// Every value of the column taken as a sample: the narrowest type that holds them all.
    private static func sample(of values: Values, rows: Int) -> ColumnSample {
        values.arena.withUnsafeBufferPointer { arena in
            let pointer = arena.baseAddress ?? UnsafePointer(bitPattern: 1)!
            var sample = ColumnSample()
            var from = 0
            for row in 0..<rows {
                let to = values.ends[row]
                sample.add(pointer + from, to - from)
                from = to
            }
            return sample
        }
    }

    /// Writes the column's values into its storage.
    private static func build(_ values: Values, type: ColumnType, storage: ColumnDestination, rows: Int) -> ColumnBuilder {
        values.arena.withUnsafeBufferPointer { arena in
            let pointer = arena.baseAddress ?? UnsafePointer(bitPattern: 1)!
            var builder = ColumnBuilder(type: type, storage: storage, firstRow: 0)
            var from = 0
            for row in 0..<rows {
                let to = values.ends[row]
                builder.append(pointer + from, to - from)
                from = to
            }
            return builder
        }
    }
}

/// One chunk of a JSON Lines file parsed straight into typed builders, for the keys and
/// types of the file's first lines.
///
/// Hand-written scanning over raw bytes (no closure or copy per value) because it runs
/// once per field of every line; anything out of the ordinary stops it, and the
/// sequential reader takes the file.
private struct FastChunk {
    enum Outcome { case parsed, needsSequential, cancelled }

    let keys: [[UInt8]]
    var builders: [ColumnBuilder]
    var rows = 0
    /// Rows the chunk's place in the columns holds.
    let room: Int
    var outcome = Outcome.parsed

    init(keys: [[UInt8]], types: [ColumnType], storage: [ColumnDestination], firstRow: Int, room: Int) {
        self.keys = keys
        self.room = room
        builders = types.indices.map { ColumnBuilder(type: types[$0], storage: storage[$0], firstRow: firstRow) }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// The keys' bytes in one buffer, for comparisons without array bookkeeping per field.
    private struct KeyTable {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        let starts: UnsafeMutableBufferPointer<Int>
        let count: Int

        init(_ keys: [[UInt8]]) {
            count = keys.count
            bytes = .allocate(capacity: max(1, keys.reduce(0) { $0 + $1.count }))
            starts = .allocate(capacity: keys.count + 1)
            var offset = 0
            for (index, key) in keys.enumerated() {
                starts[index] = offset
                for byte in key {
                    bytes[offset] = byte
                    offset += 1
                }
            }
            starts[keys.count] = offset
        }

        func free() {
            bytes.deallocate()
            starts.deallocate()
        }

        @inline(__always)
        func matches(_ column: Int, _ key: UnsafePointer<UInt8>, _ length: Int) -> Bool {
            let start = starts[column]
            return starts[column + 1] - start == length && memcmp(bytes.baseAddress! + start, key, length) == 0
        }

        /// The column of a key: the one after the last key first (lines usually keep the order).
        @inline(__always)
        func column(_ key: UnsafePointer<UInt8>, _ length: Int, expected: Int) -> Int? {
            if expected < count, matches(expected, key, length) { return expected }
            for column in 0..<count where matches(column, key, length) { return column }
            return nil
        }
    }

    mutating func parse(_ reader: JSONLinesReader, from chunkStart: Int, to chunkEnd: Int) {
        let base = reader.base
        let columns = keys.count
        // Builders and keys in plain buffers while parsing: an array of builders costs a
        // uniqueness check per field.
        let built = UnsafeMutableBufferPointer<ColumnBuilder>.allocate(capacity: columns)
        _ = built.initialize(from: builders)
        builders = []
        let lastRow = UnsafeMutableBufferPointer<Int>.allocate(capacity: columns)
        lastRow.initialize(repeating: -1)
        let table = KeyTable(keys)
        defer {
            builders = Array(built)
            built.deinitialize().deallocate()
            lastRow.deallocate()
            table.free()
        }
        var scratch: [UInt8] = []
        var position = chunkStart
        while position < chunkEnd {
            if rows & 0x3FFF == 0, reader.cancellation?.isCancelled == true {
                outcome = .cancelled
                return
            }
            let found = memchr(base + position, 0x0A, chunkEnd - position)
            let lineEnd = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? chunkEnd
            var i = position
            while i < lineEnd, Self.isSpace(base[i]) { i += 1 }
            if i == lineEnd {
                position = lineEnd + 1
                continue
            }
            guard rows < room, base[i] == 0x7B,
                  parseObject(base, from: i + 1, to: lineEnd, keys: table, into: built, lastRow: lastRow, scratch: &scratch) else {
                outcome = .needsSequential
                return
            }
            for column in 0..<columns where lastRow[column] != rows { built[column].append(base, 0) }
            rows += 1
            position = lineEnd + 1
        }
    }

    /// The fields of one object after its `{`; false for anything the fast path does not take.
    @inline(__always)
    private func parseObject(_ base: UnsafePointer<UInt8>, from start: Int, to lineEnd: Int, keys table: KeyTable,
                             into built: UnsafeMutableBufferPointer<ColumnBuilder>, lastRow: UnsafeMutableBufferPointer<Int>,
                             scratch: inout [UInt8]) -> Bool {
        var i = start, expected = 0
        func skip() { while i < lineEnd, Self.isSpace(base[i]) { i += 1 } }
        skip()
        if i < lineEnd, base[i] == 0x7D {
            i += 1
            skip()
            return i == lineEnd
        }
        while true {
            skip()
            guard i < lineEnd, base[i] == 0x22 else { return false }
            let keyStart = i + 1
            var keyEnd = keyStart
            while keyEnd < lineEnd, base[keyEnd] != 0x22 {
                if base[keyEnd] == 0x5C { return false }
                keyEnd += 1
            }
            guard keyEnd < lineEnd, let column = table.column(base + keyStart, keyEnd - keyStart, expected: expected),
                  lastRow[column] != rows else { return false }
            expected = column + 1
            i = keyEnd + 1
            skip()
            guard i < lineEnd, base[i] == 0x3A else { return false }
            i += 1
            skip()
            guard i < lineEnd else { return false }
            switch base[i] {
            case 0x22:
                let valueStart = i + 1
                var j = valueStart, escaped = false
                while j < lineEnd, base[j] != 0x22 {
                    if base[j] == 0x5C {
                        escaped = true
                        j += 1
                    }
                    j += 1
                }
                guard j < lineEnd else { return false }
                if escaped {
                    guard Self.unescape(base, from: valueStart, to: j, into: &scratch) else { return false }
                    scratch.withUnsafeBufferPointer { built[column].append($0.baseAddress ?? base, $0.count) }
                } else {
                    built[column].append(base + valueStart, j - valueStart)
                }
                i = j + 1
            case 0x7B, 0x5B:
                guard let close = Self.nestedEnd(base, from: i, to: lineEnd) else { return false }
                built[column].append(base + i, close - i)
                i = close
            default:
                let wordStart = i
                while i < lineEnd, base[i] != 0x2C, base[i] != 0x7D, !Self.isSpace(base[i]) { i += 1 }
                let length = i - wordStart
                if length == 4, base[wordStart] == 0x6E, base[wordStart + 1] == 0x75, base[wordStart + 2] == 0x6C, base[wordStart + 3] == 0x6C {
                    built[column].append(base, 0)  // null
                } else {
                    guard Self.isScalar(base + wordStart, length) else { return false }
                    built[column].append(base + wordStart, length)
                }
            }
            lastRow[column] = rows
            skip()
            guard i < lineEnd else { return false }
            if base[i] == 0x2C {
                i += 1
                continue
            }
            guard base[i] == 0x7D else { return false }
            i += 1
            skip()
            return i == lineEnd
        }
    }

    /// true, false, or a number's characters.
    private static func isScalar(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0 else { return false }
        if n == 4, p[0] == 0x74, p[1] == 0x72, p[2] == 0x75, p[3] == 0x65 { return true }
        if n == 5, p[0] == 0x66, p[1] == 0x61, p[2] == 0x6C, p[3] == 0x73, p[4] == 0x65 { return true }
        for k in 0..<n {
            let c = p[k]
            guard (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 else { return false }
        }
        return true
    }

    /// Just past the bracket that closes the one at `start`, or nil (strings inside skipped).
    static func nestedEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var depth = 0, inString = false, i = start
        while i < end {
            let byte = base[i]
            if inString {
                if byte == 0x5C { i += 1 } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == 0x7B || byte == 0x5B {
                depth += 1
            } else if byte == 0x7D || byte == 0x5D {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return nil
    }

    /// A string's escapes resolved, as the sequential reader resolves them (a \u escape
    /// sends the line there).
    private static func unescape(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into bytes: inout [UInt8]) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            var byte = base[i]
            if byte == 0x5C, i + 1 < end {
                i += 1
                switch base[i] {
                case 0x6E: byte = 0x0A
                case 0x74: byte = 0x09
                case 0x72: byte = 0x0D
                case 0x62, 0x66:
                    i += 1
                    continue
                case 0x75: return false
                default: byte = base[i]
                }
            }
            bytes.append(byte)
            i += 1
        }
        return true
    }
}

/// A minimal JSON parser for one flat object per line; values are written as field text.
private struct ObjectParser {
    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    let base: UnsafePointer<UInt8>
    var position: Int
    let end: Int

    mutating func skipSpace() {
        while position < end, base[position] == 0x20 || base[position] == 0x09 || base[position] == 0x0D { position += 1 }
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard position < end, base[position] == byte else { throw fail("expected \(what)") }
        position += 1
    }

    /// Calls `field(key, write)` for each key; `write` appends the value's text to a buffer.
    mutating func object(_ field: (UnsafeBufferPointer<UInt8>, (inout [UInt8]) -> Void) throws(Failure) -> Void) throws(Failure) {
        try expect(0x7B, "'{' at the start of the line")
        skipSpace()
        if position < end, base[position] == 0x7D {
            position += 1
            return
        }
        var key: [UInt8] = []
        var value: [UInt8] = []
        while true {
            skipSpace()
            guard position < end, base[position] == 0x22 else { throw fail("expected a key in double quotes") }
            key.removeAll(keepingCapacity: true)
            try string(into: &key)
            try expect(0x3A, "':' after the key")
            skipSpace()
            value.removeAll(keepingCapacity: true)
            try self.value(into: &value)
            try key.withUnsafeBufferPointer { (key) throws(Failure) in
                try field(key) { $0.append(contentsOf: value) }
            }
            skipSpace()
            guard position < end else { throw fail("expected ',' or '}'") }
            if base[position] == 0x2C {
                position += 1
                continue
            }
            try expect(0x7D, "',' or '}'")
            skipSpace()
            guard position == end else { throw fail("unexpected text after the object") }
            return
        }
    }

    private mutating func value(into bytes: inout [UInt8]) throws(Failure) {
        guard position < end else { throw fail("expected a value") }
        switch base[position] {
        case 0x22: try string(into: &bytes)
        case 0x7B, 0x5B: try nested(into: &bytes)
        default:
            let begin = position
            while position < end, ![0x2C, 0x7D, 0x20, 0x09, 0x0D].contains(base[position]) { position += 1 }
            let word = UnsafeBufferPointer(start: base + begin, count: position - begin)
            if word.elementsEqual("null".utf8) { return }
            guard word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8)
                || (!word.isEmpty && word.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains($0) })
            else {
                position = begin
                throw fail("expected a value (a string, number, true, false or null)")
            }
            bytes.append(contentsOf: word)
        }
    }

    /// A string's content, unescaped.
    private mutating func string(into bytes: inout [UInt8]) throws(Failure) {
        let begin = position
        position += 1
        while position < end {
            let byte = base[position]
            if byte == 0x22 {
                position += 1
                return
            }
            if byte == 0x5C, position + 1 < end {
                position += 1
                switch base[position] {
                case 0x6E: bytes.append(0x0A)
                case 0x74: bytes.append(0x09)
                case 0x72: bytes.append(0x0D)
                case 0x62, 0x66: break
                case 0x75:
                    guard position + 4 < end,
                          let code = UInt32(String(decoding: UnsafeBufferPointer(start: base + position + 1, count: 4), as: UTF8.self), radix: 16)
                    else { throw fail("bad \\u escape") }
                    bytes.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8))
                    position += 4
                default: bytes.append(base[position])
                }
                position += 1
                continue
            }
            bytes.append(byte)
            position += 1
        }
        position = begin
        throw fail("this string has no closing quote")
    }

    /// A nested object or array, kept as its JSON text.
    private mutating func nested(into bytes: inout [UInt8]) throws(Failure) {
        let begin = position
        if let close = FastChunk.nestedEnd(base, from: position, to: end) {
            position = close
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + begin, count: close - begin))
            return
        }
        position = begin
        throw fail("this object or array is not closed")
    }
}
