/// A text column's dictionary codes, one per row, in the narrowest width its dictionary
/// allows: one byte a row for up to 254 distinct values, two for up to 65,534, four beyond.
///
/// Marketing text (channels, regions, campaigns) has a handful of values, so a 10M-row
/// column is 10 MB instead of 40, and a `by` or a filter reads a quarter of the memory.
/// Reads give the code as an `Int32`, with -1 for a null whatever the width (stored as
/// the width's largest value, which is why a width holds one value fewer than it could).
public struct TextCodes: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    enum Storage: Sendable {
        case bytes([UInt8])
        case shorts([UInt16])
        case words([Int32])
    }

    let storage: Storage

    /// `codes` (each below `distinct`, or -1) in the narrowest width for `distinct` values.
    public init(_ codes: [Int32], distinct: Int) {
        if distinct < Int(UInt8.max) {
            storage = .bytes(codes.map { $0 < 0 ? .max : UInt8(truncatingIfNeeded: $0) })
        } else if distinct < Int(UInt16.max) {
            storage = .shorts(codes.map { $0 < 0 ? .max : UInt16(truncatingIfNeeded: $0) })
        } else {
            storage = .words(codes)
        }
    }

    /// Codes as written, narrowed for the largest of them.
    public init(_ codes: [Int32]) {
        self.init(codes, distinct: Int(codes.max() ?? -1) + 1)
    }

    public init(arrayLiteral codes: Int32...) {
        self.init(codes)
    }

    /// Codes a reader wrote in the width it chose (the width's largest value a null).
    init(_ storage: Storage) {
        self.storage = storage
    }

    /// Whether a row has no value: one pass over the codes in their own width.
    var hasNulls: Bool {
        switch storage {
        case .bytes(let codes): codes.contains(.max)
        case .shorts(let codes): codes.contains(.max)
        case .words(let codes): codes.contains(ColumnData.nullCode)
        }
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .bytes(let codes): codes.count
        case .shorts(let codes): codes.count
        case .words(let codes): codes.count
        }
    }

    @inline(__always)
    public subscript(row: Int) -> Int32 {
        switch storage {
        case .bytes(let codes): codes[row] == .max ? ColumnData.nullCode : Int32(codes[row])
        case .shorts(let codes): codes[row] == .max ? ColumnData.nullCode : Int32(codes[row])
        case .words(let codes): codes[row]
        }
    }

    /// Bytes a row takes.
    public var width: Int {
        switch storage {
        case .bytes: 1
        case .shorts: 2
        case .words: 4
        }
    }
}
