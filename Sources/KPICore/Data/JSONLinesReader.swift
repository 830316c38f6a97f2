/// Reads JSON Lines (one flat JSON object per line) into column builders.
///
/// Every scalar becomes the text it stands for (`"2026-01-05"` → `2026-01-05`,
/// `12.5` → `12.5`, `null` → empty) and goes through the same type inference as
/// CSV fields, so dates in strings become dates. Nested objects and arrays are
/// kept as their JSON text. Keys form the columns in the order first seen;
/// a row without a key has a null there.
struct JSONLinesReader {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    let cancellation: CancellationFlag?

    func read() throws(LoadFailure) -> DelimitedReader.Output {
        var keys: [String] = []
        var keyIndex: [String: Int] = [:]
        var rows: [[Int: [UInt8]]] = []
        var position = start, line = 1
        while position < end {
            if rows.count & 0x3FFF == 0, cancellation?.isCancelled == true { throw .cancelled }
            var lineEnd = position
            while lineEnd < end, base[lineEnd] != 0x0A { lineEnd += 1 }
            var parser = ObjectParser(base: base, position: position, end: lineEnd)
            parser.skipSpace()
            if parser.position < lineEnd {
                do {
                    var row: [Int: [UInt8]] = [:]
                    for (key, value) in try parser.object() {
                        if keyIndex[key] == nil {
                            keyIndex[key] = keys.count
                            keys.append(key)
                        }
                        row[keyIndex[key]!] = value
                    }
                    rows.append(row)
                } catch {
                    let excerpt = String(decoding: UnsafeBufferPointer(start: base + position, count: min(lineEnd - position, 400)), as: UTF8.self)
                    throw .data(.invalidJSON(line: line, column: error.offset - position + 1, reason: error.reason, excerpt: excerpt))
                }
            }
            position = lineEnd + 1
            line += 1
        }
        return Output.build(keys: keys, rows: rows)
    }

    private enum Output {
        static func build(keys: [String], rows: [[Int: [UInt8]]]) -> DelimitedReader.Output {
            var types = [ColumnType](repeating: .null, count: keys.count)
            for row in rows {
                for (column, value) in row {
                    let kind = withField(value) { FieldValueParser.classify($0, $1) }
                    types[column] = TypeInference.join(types[column], TypeInference.type(of: kind))
                }
            }
            var builders = types.map { ColumnBuilder(type: $0, capacity: rows.count) }
            for row in rows {
                for column in keys.indices {
                    let value = row[column] ?? []
                    withField(value) { builders[column].append($0, $1) }
                }
            }
            return DelimitedReader.Output(headers: keys, chunks: [builders], rowCount: rows.count)
        }

        /// Calls `body` with the value's bytes; an empty value still gets a valid pointer.
        private static func withField<R>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
            let padded = bytes.isEmpty ? [0] : bytes
            return padded.withUnsafeBufferPointer { body($0.baseAddress!, bytes.count) }
        }
    }
}

/// A minimal JSON parser for one flat object per line; values come back as field text.
private struct ObjectParser {
    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    let base: UnsafePointer<UInt8>
    var position: Int
    let end: Int

    mutating func skipSpace() {
        while position < end, [0x20, 0x09, 0x0D].contains(base[position]) { position += 1 }
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard position < end, base[position] == byte else { throw fail("expected \(what)") }
        position += 1
    }

    mutating func object() throws(Failure) -> [(String, [UInt8])] {
        try expect(0x7B, "'{' at the start of the line")
        var fields: [(String, [UInt8])] = []
        skipSpace()
        if position < end, base[position] == 0x7D {
            position += 1
            return fields
        }
        while true {
            skipSpace()
            guard position < end, base[position] == 0x22 else { throw fail("expected a key in double quotes") }
            let key = String(decoding: try string(), as: UTF8.self)
            try expect(0x3A, "':' after the key")
            skipSpace()
            fields.append((key, try value()))
            skipSpace()
            guard position < end else { throw fail("expected ',' or '}'") }
            if base[position] == 0x2C {
                position += 1
                continue
            }
            try expect(0x7D, "',' or '}'")
            skipSpace()
            guard position == end else { throw fail("unexpected text after the object") }
            return fields
        }
    }

    private mutating func value() throws(Failure) -> [UInt8] {
        guard position < end else { throw fail("expected a value") }
        switch base[position] {
        case 0x22: return try string()
        case 0x7B, 0x5B: return try nested()
        default:
            let begin = position
            while position < end, ![0x2C, 0x7D, 0x20, 0x09, 0x0D].contains(base[position]) { position += 1 }
            let bytes = Array(UnsafeBufferPointer(start: base + begin, count: position - begin))
            if bytes == Array("null".utf8) { return [] }
            if bytes == Array("true".utf8) || bytes == Array("false".utf8) { return bytes }
            guard !bytes.isEmpty, bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains($0) })
            else {
                position = begin
                throw fail("expected a value (a string, number, true, false or null)")
            }
            return bytes
        }
    }

    /// A string's content, unescaped.
    private mutating func string() throws(Failure) -> [UInt8] {
        let begin = position
        position += 1
        var bytes: [UInt8] = []
        while position < end {
            let byte = base[position]
            if byte == 0x22 {
                position += 1
                return bytes
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
    private mutating func nested() throws(Failure) -> [UInt8] {
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
                    return Array(UnsafeBufferPointer(start: base + begin, count: position - begin))
                }
            }
            position += 1
        }
        position = begin
        throw fail("this object or array is not closed")
    }
}
