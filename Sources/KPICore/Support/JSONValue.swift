/// A JSON document, for the small files kpi writes and reads back itself (a lesson's
/// progress). Written by hand because it is small and KPICore does without Foundation;
/// the data readers have their own, faster JSON Lines scanner.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order written, so a file reads the same after a round trip.
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: return false
        }
    }

    /// The member `key` of an object; nil for anything else or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var number: Double? { if case .number(let x) = self { x } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    /// The document as text, two spaces per level; short arrays of scalars on one line.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            guard x.isFinite else { return "null" }
            return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .string(let s): return Self.quoted(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .array = $0 { false } else if case .object = $0 { false } else { true } }) {
                let line = "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
                if line.count <= 80 { return line }
            }
            return "[\n" + items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { pad + Self.quoted($0.key) + ": " + $0.value.rendered(indent: indent + 1) }
                .joined(separator: ",\n") + "\n\(close)}"
        }
    }

    /// A string as JSON text, quoted and escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Why a text is not JSON, and where (1-based line and column).
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var reason: String
        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// Parses one JSON document (RFC 8259), nested at most 64 deep.
    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.scalars.count else { throw reader.failure("text after the document") }
        return value
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        func failure(_ reason: String) -> SyntaxError {
            var line = 1, column = 1
            for scalar in scalars[..<min(index, scalars.count)] {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return SyntaxError(line: line, column: column, reason: reason)
        }

        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\n" || c == "\r" || c == "\t" { index += 1 }
        }

        mutating func literal(_ word: String, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
            let start = index
            for expected in word.unicodeScalars {
                guard peek == expected else {
                    index = start
                    throw failure("unexpected character '\(scalars[start])'")
                }
                index += 1
            }
            return value
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth < 64 else { throw failure("nested more than 64 deep") }
            switch peek {
            case "{": return try object(depth: depth)
            case "[": return try array(depth: depth)
            case "\"": return .string(try string())
            case "t": return try literal("true", .bool(true))
            case "f": return try literal("false", .bool(false))
            case "n": return try literal("null", .null)
            case let c? where c == "-" || ("0"..."9").contains(c): return .number(try number())
            case nil: throw failure("the document ends early")
            default: throw failure("unexpected character '\(peek!)'")
            }
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if peek == "}" { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard peek == "\"" else { throw failure("expected a member name in quotes") }
                let key = try string()
                skipSpace()
                guard peek == ":" else { throw failure("expected ':' after \"\(key)\"") }
                index += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                if peek == "," { index += 1; continue }
                guard peek == "}" else { throw failure("expected ',' or '}'") }
                index += 1
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if peek == "]" { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if peek == "," { index += 1; continue }
                guard peek == "]" else { throw failure("expected ',' or ']'") }
                index += 1
                return .array(items)
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            index += 1
            var out = String.UnicodeScalarView()
            while let c = peek {
                index += 1
                switch c {
                case "\"": return String(out)
                case "\\":
                    guard let e = peek else { break }
                    index += 1
                    switch e {
                    case "\"", "\\", "/": out.append(e)
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "b": out.append("\u{8}")
                    case "f": out.append("\u{C}")
                    case "u":
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), peek == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" {
                            index += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw failure("\\u escape: a surrogate without its pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw failure("\\u escape is not a character") }
                        out.append(scalar)
                    default: throw failure("unknown escape \\\(e)")
                    }
                case _ where c.value < 0x20: throw failure("a control character inside a string")
                default: out.append(c)
                }
            }
            throw failure("this string has no closing quote")
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let c = peek, let digit = Self.hexValue(c) else { throw failure("\\u needs four hex digits") }
                code = code << 4 | digit
                index += 1
            }
            return code
        }

        static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": return c.value - 48
            case "a"..."f": return c.value - 87
            case "A"..."F": return c.value - 55
            default: return nil
            }
        }

        /// RFC 8259's number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func number() throws(SyntaxError) -> Double {
            let start = index
            func digits() -> Int {
                let from = index
                while let c = peek, ("0"..."9").contains(c) { index += 1 }
                return index - from
            }
            if peek == "-" { index += 1 }
            let whole = index
            guard digits() > 0, scalars[whole] != "0" || index == whole + 1 else {
                index = start
                throw failure("not a number")
            }
            if peek == "." {
                index += 1
                guard digits() > 0 else { throw failure("a number needs digits after '.'") }
            }
            if peek == "e" || peek == "E" {
                index += 1
                if peek == "+" || peek == "-" { index += 1 }
                guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
            }
            guard let value = Double(String(String.UnicodeScalarView(scalars[start..<index]))) else {
                index = start
                throw failure("not a number")
            }
            return value
        }
    }
}
