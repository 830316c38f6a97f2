/// Reads JSON Lines (one flat JSON object per line) into column builders.
///
/// Every scalar becomes the text it stands for (`"2026-01-05"` → `2026-01-05`,
/// `12.5` → `12.5`, `null` → empty) and goes through the same type inference as
/// CSV fields, so dates in strings become dates. Nested objects and arrays are
/// kept as their JSON text. Keys form the columns in the order first seen; a row
/// without a key has a null there. Values are copied once, into one byte arena
/// per column, so a line costs no allocation of its own.
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

    func read() throws(LoadFailure) -> DelimitedReader.Output {
        var keys: [[UInt8]] = []
        var index: [[UInt8]: Int] = [:]
        var columns: [Values] = []
        var rows = 0
        var position = start, line = 1
        while position < end {
            if rows & 0x3FFF == 0, cancellation?.isCancelled == true { throw .cancelled }
            var lineEnd = position
            while lineEnd < end, base[lineEnd] != 0x0A { lineEnd += 1 }
            var parser = ObjectParser(base: base, position: position, end: lineEnd)
            parser.skipSpace()
            if parser.position < lineEnd {
                do {
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
                } catch {
                    let excerpt = String(decoding: UnsafeBufferPointer(start: base + position, count: min(lineEnd - position, 400)), as: UTF8.self)
                    throw .data(.invalidJSON(line: line, column: error.offset - position + 1, reason: error.reason, excerpt: excerpt))
                }
            }
            position = lineEnd + 1
            line += 1
        }
        let headers = keys.map { String(decoding: $0, as: UTF8.self) }
        return DelimitedReader.Output(headers: headers, chunks: [columns.map { Self.build($0, rows: rows) }], rowCount: rows)
    }

    /// Types the column from all its values, then builds it.
    private static func build(_ values: Values, rows: Int) -> ColumnBuilder {
        values.arena.withUnsafeBufferPointer { arena in
            let pointer = arena.baseAddress ?? UnsafePointer(bitPattern: 1)!
            var type = ColumnType.null
            var from = 0
            for row in 0..<rows {
                let to = values.ends[row]
                type = TypeInference.join(type, TypeInference.type(of: FieldValueParser.classify(pointer + from, to - from)))
                from = to
            }
            var builder = ColumnBuilder(type: type, capacity: rows)
            from = 0
            for row in 0..<rows {
                let to = values.ends[row]
                builder.append(pointer + from, to - from)
                from = to
            }
            return builder
        }
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
        var depth = 0
        var inString = false
        while position < end {
            let byte = base[position]
            if inString {
                if byte == 0x5C { position += 1 } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == 0x7B || byte == 0x5B {
                depth += 1
            } else if byte == 0x7D || byte == 0x5D {
                depth -= 1
                if depth == 0 {
                    position += 1
                    bytes.append(contentsOf: UnsafeBufferPointer(start: base + begin, count: position - begin))
                    return
                }
            }
            position += 1
        }
        position = begin
        throw fail("this object or array is not closed")
    }
}
