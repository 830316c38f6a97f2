/// The type inferred for a column from its values.
public enum ColumnType: String, Sendable, Equatable {
    case number, date, datetime, text, bool
    /// Every value is empty.
    case null
}

/// A column's values as one contiguous array, the layout that makes an aggregate
/// a single pass (docs/DESIGN.md: numbers read as `Double`, text dictionary-encoded, dates as day numbers).
public enum ColumnData: Sendable {
    /// Read as doubles, `nan` a null; stored as narrow as the values allow (`NumberColumn`).
    case number(NumberColumn)
    /// Days since 1970-01-01; `Int32.min` marks a null.
    case date([Int32])
    /// Seconds since 1970-01-01T00:00:00Z; `nan` marks a null.
    case datetime([Double])
    /// Codes into `dictionary` (as narrow as it allows); -1 marks a null.
    case text(codes: TextCodes, dictionary: [String])
    /// 0 false, 1 true, 2 null.
    case bool([UInt8])
    /// A column with no values at all.
    case null(count: Int)

    public static let nullDate = Int32.min
    public static let nullCode: Int32 = -1
    public static let nullBool: UInt8 = 2

    public var type: ColumnType {
        switch self {
        case .number: return .number
        case .date: return .date
        case .datetime: return .datetime
        case .text: return .text
        case .bool: return .bool
        case .null: return .null
        }
    }

    public var count: Int {
        switch self {
        case .number(let v): return v.count
        case .datetime(let v): return v.count
        case .date(let v): return v.count
        case .text(let codes, _): return codes.count
        case .bool(let v): return v.count
        case .null(let count): return count
        }
    }
}

/// One column of a loaded table.
public struct Column: Sendable {
    /// The identifier used in statements (`new_customers`).
    public var name: String
    /// The header as written in the file (`New Customers`).
    public var header: String
    public var data: ColumnData
    /// Values were written as percentages (`12%`), stored as fractions (0.12).
    public var isPercent = false
    /// The currency sign the values were written with (`$1,200.50`), if any.
    public var currency: String?
    /// For datetimes: how many were written with a UTC offset, and how many without a zone.
    public var zones = ZoneTally()

    public init(name: String, header: String, data: ColumnData) {
        self.name = name
        self.header = header
        self.data = data
    }

    public var type: ColumnType { data.type }

    /// The value in `row`, for display and examples.
    public func value(at row: Int) -> Value {
        switch data {
        case .number(let v): return v[row].isNaN ? .null : .number(v[row])
        case .date(let v): return v[row] == ColumnData.nullDate ? .null : .date(Int(v[row]))
        case .datetime(let v): return v[row].isNaN ? .null : .datetime(v[row])
        case .text(let codes, let dictionary): return codes[row] < 0 ? .null : .text(dictionary[Int(codes[row])])
        case .bool(let v): return v[row] == ColumnData.nullBool ? .null : .bool(v[row] == 1)
        case .null: return .null
        }
    }
}

/// A single value of any column type.
public enum Value: Sendable, Equatable, Hashable {
    case number(Double)
    case date(Int)
    case datetime(Double)
    case text(String)
    case bool(Bool)
    case null
}

/// A loaded dataset: named columns of equal length.
public struct Table: Sendable {
    /// The name statements use (`marketing`, or the name given with `as`).
    public var name: String
    /// The path it was loaded from, as the user wrote it.
    public var path: String
    public var columns: [Column]
    public var rowCount: Int
    /// Index of the column that places rows in time; by default the first date column.
    public var timeColumn: Int?
    /// The delimiter or format the file was read with, for `tables` and `describe`.
    public var format: String
    /// Set for a table attached from a database: it has no rows in memory, and its
    /// aggregates are computed by the database.
    public var remote: RemoteSource?

    public init(name: String, path: String, columns: [Column], rowCount: Int, format: String) {
        self.name = name
        self.path = path
        self.columns = columns
        self.rowCount = rowCount
        self.format = format
        self.timeColumn = columns.firstIndex { $0.type == .date } ?? columns.firstIndex { $0.type == .datetime }
    }

    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }
}
