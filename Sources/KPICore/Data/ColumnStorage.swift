import Glibc

/// The final arrays of a table's columns, allocated once at the table's row count and
/// written in place by every chunk of the parse.
///
/// Chunks used to fill arrays of their own, which were then copied into the columns: two
/// copies of the table at the peak, and twice the fresh pages to fault in (on a 10M-row
/// load the copy alone took 250–290 ms of 1.85 s). Here each chunk writes
/// at its first row in the columns themselves: the row counts come from the line ends
/// (`LineChunks.layout`), which are never fewer than the rows. Where a chunk has
/// fewer rows than lines (blank lines, quoted line breaks), `ColumnAssembler` moves the
/// rows after it down in place.
enum ColumnStorage {
    /// One column's finished array, in its storage type.
    enum Values {
        case doubles([Double])
        /// Numbers in units of 10^-places (`NumberColumn`).
        case scaled([Int32], places: Int)
        case days([Int32])
        case codes([Int32])
        case shortCodes([UInt16])
        case bools([UInt8])
        case none
    }

    /// How a column is stored while it is read.
    enum Kind: Equatable {
        case doubles, scaled(places: Int), days, codes, shortCodes, bools, none

        /// Text is written two bytes a row unless `wideText` (more than 65,534 values seen,
        /// or expected from the first rows); numbers four bytes a row in units of
        /// 10^-places when the first rows gave `places`.
        init(_ type: ColumnType, wideText: Bool, places: Int? = nil) {
            switch type {
            case .number: self = places.map { .scaled(places: $0) } ?? .doubles
            case .datetime: self = .doubles
            case .date: self = .days
            case .text: self = wideText ? .codes : .shortCodes
            case .bool: self = .bools
            case .null: self = .none
            }
        }
    }

    /// Allocates an array of `capacity` rows per column (by the column's type) and calls
    /// `fill` with where each starts; each array keeps the first `rows` that `fill` returns,
    /// which it must have written.
    ///
    /// The arrays are made with `init(unsafeUninitializedCapacity:)`, so nothing is written
    /// twice and untouched pages are never faulted in; an initializer's buffer is only valid
    /// inside its closure, hence one closure nested in the next, column by column. Past
    /// `nestedColumns` (a very wide table), columns are written to buffers of their own and
    /// copied into their arrays one at a time, so the stack stays shallow.
    static func build<Result>(_ types: [Kind], capacity: Int,
                              _ fill: ([ColumnDestination]) -> (rows: Int, result: Result)) -> ([Values], Result) {
        var values = [Values](repeating: .none, count: types.count)
        var destinations: [ColumnDestination] = []
        destinations.reserveCapacity(types.count)
        var result: Result?
        _ = nest(0, types, max(1, capacity), &destinations, &values) { destinations in
            let filled = fill(destinations)
            result = filled.result
            return filled.rows
        }
        return (values, result!)
    }

    private static let nestedColumns = 64

    private static func nest(_ index: Int, _ types: [Kind], _ capacity: Int, _ destinations: inout [ColumnDestination],
                             _ values: inout [Values], _ fill: ([ColumnDestination]) -> Int) -> Int {
        guard index < types.count else { return fill(destinations) }
        guard index < nestedColumns else { return buffered(index, types, capacity, &destinations, &values, fill) }
        var rows = 0
        func inner(_ destination: ColumnDestination) -> Int {
            destinations.append(destination)
            defer { destinations.removeLast() }
            return nest(index + 1, types, capacity, &destinations, &values, fill)
        }
        func array<T>(_ destination: (UnsafeMutablePointer<T>) -> ColumnDestination) -> [T] {
            [T](unsafeUninitializedCapacity: capacity) { buffer, count in
                rows = inner(destination(buffer.baseAddress!))
                count = rows
            }
        }
        switch types[index] {
        case .doubles: values[index] = .doubles(array(ColumnDestination.doubles))
        case .scaled(let places):
            values[index] = .scaled(array { ColumnDestination.scaled($0, places: places) }, places: places)
        case .days: values[index] = .days(array(ColumnDestination.days))
        case .codes: values[index] = .codes(array(ColumnDestination.codes))
        case .shortCodes: values[index] = .shortCodes(array(ColumnDestination.shortCodes))
        case .bools: values[index] = .bools(array(ColumnDestination.bools))
        case .none: rows = inner(.none)
        }
        return rows
    }
}

extension ColumnStorage {
    /// The columns from `index` on, in buffers copied into their arrays after `fill`.
    private static func buffered(_ index: Int, _ types: [Kind], _ capacity: Int,
                                 _ destinations: inout [ColumnDestination], _ values: inout [Values],
                                 _ fill: ([ColumnDestination]) -> Int) -> Int {
        for type in types[index...] {
            switch type {
            case .doubles: destinations.append(.doubles(.allocate(capacity: capacity)))
            case .scaled(let places): destinations.append(.scaled(.allocate(capacity: capacity), places: places))
            case .days: destinations.append(.days(.allocate(capacity: capacity)))
            case .codes: destinations.append(.codes(.allocate(capacity: capacity)))
            case .shortCodes: destinations.append(.shortCodes(.allocate(capacity: capacity)))
            case .bools: destinations.append(.bools(.allocate(capacity: capacity)))
            case .none: destinations.append(.none)
            }
        }
        let rows = fill(destinations)
        func copied<T>(_ buffer: UnsafeMutablePointer<T>) -> [T] {
            defer { buffer.deallocate() }
            return Array(UnsafeBufferPointer(start: buffer, count: rows))
        }
        for column in index..<types.count {
            switch destinations[column] {
            case .doubles(let p): values[column] = .doubles(copied(p))
            case .scaled(let p, let places): values[column] = .scaled(copied(p), places: places)
            case .days(let p): values[column] = .days(copied(p))
            case .codes(let p): values[column] = .codes(copied(p))
            case .shortCodes(let p): values[column] = .shortCodes(copied(p))
            case .bools(let p): values[column] = .bools(copied(p))
            case .none: break
            }
        }
        destinations.removeLast(types.count - index)
        return rows
    }
}

/// Where a column's values go: its storage from some row on, by storage type.
enum ColumnDestination: @unchecked Sendable {
    case doubles(UnsafeMutablePointer<Double>)
    /// Numbers in units of 10^-places (`NumberColumn`).
    case scaled(UnsafeMutablePointer<Int32>, places: Int)
    case days(UnsafeMutablePointer<Int32>)
    case codes(UnsafeMutablePointer<Int32>)
    /// Text codes two bytes a row, `UInt16.max` a null.
    case shortCodes(UnsafeMutablePointer<UInt16>)
    case bools(UnsafeMutablePointer<UInt8>)
    case none

    /// The same column from `rows` further on.
    func advanced(by rows: Int) -> ColumnDestination {
        switch self {
        case .doubles(let p): .doubles(p + rows)
        case .scaled(let p, let places): .scaled(p + rows, places: places)
        case .days(let p): .days(p + rows)
        case .codes(let p): .codes(p + rows)
        case .shortCodes(let p): .shortCodes(p + rows)
        case .bools(let p): .bools(p + rows)
        case .none: .none
        }
    }

    /// The first row's address, whatever the values' type.
    var raw: UnsafeMutableRawPointer? {
        switch self {
        case .doubles(let p): UnsafeMutableRawPointer(p)
        case .days(let p), .codes(let p), .scaled(let p, _): UnsafeMutableRawPointer(p)
        case .shortCodes(let p): UnsafeMutableRawPointer(p)
        case .bools(let p): UnsafeMutableRawPointer(p)
        case .none: nil
        }
    }

    /// Faults in the whole pages of `rows` rows from `from` on, in one call: a chunk's parse
    /// does this for its rows before it writes them. Faulting 600 MB of fresh pages one write
    /// at a time cost a third of a 10M-row load's CPU, most of it the trap and its locks,
    /// not the zeroing; one `MADV_POPULATE_WRITE` per column and chunk (on both cores, as
    /// the chunks are parsed) took 5% off the load's wall time. Kernels before 5.14 refuse
    /// the call, and the pages fault in as they are written.
    func populate(from: Int, rows: Int) {
        guard let first = advanced(by: from).raw, let last = advanced(by: from + rows).raw else { return }
        let page = 4096, start = (Int(bitPattern: first) + page - 1) & ~(page - 1)
        let stop = Int(bitPattern: last) & ~(page - 1)
        guard stop > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, stop - start, Self.populateWrite)
    }

    /// `populate` for every column of a chunk, unless the load was cancelled: the chunks
    /// left then return at their first row, and faulting in their pages first made Ctrl-C
    /// on a 100M-row load take a second.
    static func populate(_ columns: [ColumnDestination], from: Int, rows: Int, unless cancellation: CancellationFlag?) {
        guard cancellation?.isCancelled != true else { return }
        for column in columns { column.populate(from: from, rows: rows) }
    }

    /// `MADV_POPULATE_WRITE` (Linux 5.14), which Glibc's module does not export.
    private static let populateWrite: Int32 = 23

    /// Moves `count` rows from `from` to `to` (either way, overlapping or not).
    func move(from: Int, to: Int, count: Int) {
        guard from != to, count > 0 else { return }
        switch self {
        case .doubles(let p): memmove(p + to, p + from, count * MemoryLayout<Double>.stride)
        case .days(let p), .codes(let p), .scaled(let p, _): memmove(p + to, p + from, count * MemoryLayout<Int32>.stride)
        case .shortCodes(let p): memmove(p + to, p + from, count * MemoryLayout<UInt16>.stride)
        case .bools(let p): memmove(p + to, p + from, count)
        case .none: break
        }
    }
}
