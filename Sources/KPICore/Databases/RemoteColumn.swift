/// How a database column becomes a kpi column, decided from its declared type.
public enum RemoteKind: Sendable, Equatable {
    /// Numbers; `exact` when the database stores them as exact decimals or integers
    /// (numeric, integer), so a pushed-down sum is exact there too.
    case number(exact: Bool)
    /// bigint: exact in a double up to 2^53; a column holding larger values (ids) becomes
    /// text, as an identifier column of a file does.
    case integer
    case text
    case date
    /// timestamp (`zoned` false) or timestamptz; either way seconds since the epoch in UTC.
    case datetime(zoned: Bool)
    case bool

    /// The kpi column type of this kind.
    var columnType: ColumnType {
        switch self {
        case .number, .integer: return .number
        case .text: return .text
        case .date: return .date
        case .datetime: return .datetime
        case .bool: return .bool
        }
    }
}

/// A column as the database declares it.
public struct RemoteColumn: Sendable, Equatable {
    /// The name in the database (`New Customers`), quoted in SQL as written.
    public var name: String
    /// The name statements use (`new_customers`).
    public var identifier: String
    /// The declared type, for `tables CONNECTION` and errors (`numeric(12,2)`).
    public var declared: String
    public var kind: RemoteKind
    /// PostgreSQL's type OID (0 elsewhere), which says how a value arrives in binary COPY.
    public var typeOID: UInt32 = 0
}

/// A table or view of a database: what `tables CONNECTION` lists and `attach` keeps.
public struct RemoteRelation: Sendable, Equatable {
    /// The schema, when the database has them and it is not the default one.
    public var schema: String?
    public var name: String
    public var columns: [RemoteColumn]
    /// The database's own estimate of its rows (PostgreSQL's statistics, SQLite's count);
    /// nil when it has none yet.
    public var rowEstimate: Int?
    /// Columns with a type kpi cannot map, with that type: listed, and refused only when used.
    public var unmapped: [(name: String, type: String)] = []

    public static func == (a: RemoteRelation, b: RemoteRelation) -> Bool {
        a.schema == b.schema && a.name == b.name && a.columns == b.columns && a.rowEstimate == b.rowEstimate
            && a.unmapped.map(\.name) == b.unmapped.map(\.name)
    }

    /// `schema.name`, or the name alone.
    public var qualifiedName: String { schema.map { $0 + "." + name } ?? name }
}

/// A table kept in the database (`attach`): metrics on it are computed there.
public struct RemoteSource: Sendable, Equatable {
    /// The connection's name in the session (`wh`).
    public var connection: String
    public var relation: RemoteRelation
}

/// Builds one kpi column from the typed values a database sends, row by row.
struct RemoteColumnBuilder {
    let kind: RemoteKind
    let name: String
    private var numbers: [Double] = []
    private var integers: [Int64] = []
    private var days: [Int32] = []
    private var codes: [Int32] = []
    private var dictionary = TextDictionary()
    private var flags: [UInt8] = []
    private var unzoned = 0

    init(kind: RemoteKind, name: String, capacity: Int = 1024) {
        self.kind = kind
        self.name = name
        switch kind {
        case .number, .datetime: numbers.reserveCapacity(capacity)
        case .integer: integers.reserveCapacity(capacity)
        case .date: days.reserveCapacity(capacity)
        case .text: codes.reserveCapacity(capacity)
        case .bool: flags.reserveCapacity(capacity)
        }
    }

    mutating func appendNull() {
        switch kind {
        case .number, .datetime: numbers.append(.nan)
        case .integer: integers.append(Self.nullInteger)
        case .date: days.append(ColumnData.nullDate)
        case .text: codes.append(ColumnData.nullCode)
        case .bool: flags.append(ColumnData.nullBool)
        }
    }

    /// Marks a null among the integers: Int64.min has no place in a bigint column
    /// that kpi could use as a number anyway.
    private static let nullInteger = Int64.min

    mutating func append(number: Double) { numbers.append(number.isFinite ? number : .nan) }
    mutating func append(integer: Int64) { integers.append(integer == Self.nullInteger ? integer + 1 : integer) }
    mutating func append(day: Int32) { days.append(day) }
    mutating func append(seconds: Double) {
        numbers.append(seconds.isFinite ? seconds : .nan)
        if case .datetime(false) = kind { unzoned += 1 }
    }
    mutating func append(bool: Bool) { flags.append(bool ? 1 : 0) }
    mutating func append(text p: UnsafePointer<UInt8>, _ n: Int) { codes.append(dictionary.code(for: p, n)) }

    /// The finished column. Text must be UTF-8 (`row` counts from 1 in errors).
    func finish() throws(DatabaseProblem) -> (data: ColumnData, zones: ZoneTally) {
        switch kind {
        case .number: return (.number(NumberColumn(numbers)), ZoneTally())
        case .datetime: return (.datetime(numbers), ZoneTally(offsets: 0, unzoned: unzoned))
        case .date: return (.date(days), ZoneTally())
        case .bool: return (.bool(flags), ZoneTally())
        case .integer:
            // Four bytes a row where they fit (counts, ids of small tables), as a file's are.
            let narrow = NumberColumn.unitLimit, limit = Int64(1) << 53
            if integers.allSatisfy({ $0 == Self.nullInteger || ($0 > -narrow && $0 < narrow) }) {
                let units = integers.map { $0 == Self.nullInteger ? NumberColumn.nullUnits : Int32(truncatingIfNeeded: $0) }
                return (.number(NumberColumn(units: units, places: 0)), ZoneTally())
            }
            if integers.allSatisfy({ $0 == Self.nullInteger || ($0 >= -limit && $0 <= limit) }) {
                return (.number(NumberColumn(integers.map { $0 == Self.nullInteger ? .nan : Double($0) })), ZoneTally())
            }
            // Too large for a double to hold exactly: ids, kept as text like a file's.
            var texts = TextDictionary()
            let textCodes = integers.map { value -> Int32 in
                if value == Self.nullInteger { return ColumnData.nullCode }
                var digits = Array(String(value).utf8)
                return digits.withUnsafeMutableBufferPointer { texts.code(for: $0.baseAddress!, $0.count) }
            }
            guard case .success(let strings) = texts.strings() else { preconditionFailure("digits are UTF-8") }
            return (.text(codes: TextCodes(textCodes, distinct: strings.count), dictionary: strings), ZoneTally())
        case .text:
            switch dictionary.strings() {
            case .success(let strings): return (.text(codes: TextCodes(codes, distinct: strings.count), dictionary: strings), ZoneTally())
            case .failure(let invalid):
                let row = (codes.firstIndex(of: Int32(invalid.code)) ?? 0) + 1
                throw .badValue(row: row, column: name, value: "bytes that are not UTF-8", expected: "text")
            }
        }
    }
}
