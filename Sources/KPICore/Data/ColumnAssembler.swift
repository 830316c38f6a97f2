import Dispatch

/// Finishes the columns that a parse's chunks wrote in place (`ColumnStorage`): closes the
/// gaps chunks with fewer rows than lines left, merges the chunks' text dictionaries and
/// re-codes text in place, and gathers how the values were written.
///
/// Columns are finished in parallel; nothing is copied except the rows after a gap,
/// which move down within the same array.
enum ColumnAssembler {
    /// Why the columns could not be finished.
    enum Failure: Error {
        /// A text column whose bytes are not UTF-8: the row where the first bad value is.
        case invalidText(column: Int, row: Int)
        /// Text columns with more values than two-byte codes hold: read them again with four.
        case codesOverflowed(columns: Set<Int>)
        case cancelled
    }

    /// How one column's values were written, and for text its dictionary.
    struct Written {
        var dictionary: [String] = []
        var isPercent = false
        var currency: String?
        var zones = ZoneTally()
        /// Two-byte codes in one byte a row, when the dictionary has fewer than 255 values:
        /// narrowed while the columns are finished, in parallel.
        var byteCodes: [UInt8]?
        /// A scaled number column as doubles, when some of its values did not fit
        /// (`ColumnBuilder.misfits`).
        var doubles: [Double]?
    }

    /// One finished column and how its values were written.
    struct Assembled {
        var data: ColumnData
        var isPercent: Bool
        var currency: String?
        var zones: ZoneTally
    }

    /// Finishes every column of `chunks` (`chunks[k][column]`, in file order) in `storage`;
    /// returns the rows, which now start at row 0 with no gaps.
    static func finish(_ chunks: [[ColumnBuilder]], in storage: [ColumnDestination],
                       cancellation: CancellationFlag?) -> Result<(rows: Int, columns: [Written]), Failure> {
        let columnCount = storage.count
        let rows = chunks.reduce(0) { $0 + ($1.first?.count ?? 0) }
        let results = UnsafeMutableBufferPointer<Result<Written, Failure>?>.allocate(capacity: columnCount)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: columnCount) { column in
            output[column] = Result { () throws(Failure) -> Written in
                try finish(chunks.map { $0[column] }, storage[column], column: column, cancellation: cancellation)
            }
        }
        var written: [Written] = []
        var overflowed = Set<Int>()
        for result in results {
            switch result! {
            case .success(let column): written.append(column)
            case .failure(.codesOverflowed(let columns)): overflowed.formUnion(columns)
            case .failure(let failure): return .failure(failure)
            }
        }
        if !overflowed.isEmpty { return .failure(.codesOverflowed(columns: overflowed)) }
        return .success((rows, written))
    }

    private static func finish(_ pieces: [ColumnBuilder], _ storage: ColumnDestination, column: Int,
                               cancellation: CancellationFlag?) throws(Failure) -> Written {
        var written = Written()
        written.isPercent = pieces.contains { $0.percent }
        written.currency = currency(pieces.lazy.map(\.currency).first { $0 != 0 } ?? 0)
        written.zones = pieces.reduce(ZoneTally()) { $0 + $1.zones }
        if pieces.contains(where: \.codesOverflowed) { throw .codesOverflowed(columns: [column]) }
        var dictionary = pieces.first?.dictionary ?? TextDictionary()
        var row = 0
        for (k, piece) in pieces.enumerated() {
            if cancellation?.isCancelled == true { throw .cancelled }
            storage.move(from: piece.firstRow, to: row, count: piece.count)
            if k > 0, piece.type == .text {
                let local = piece.dictionary
                let remap = (0..<local.count).map { code in local.withBytes(of: code) { dictionary.code(for: $0, $1) } }
                switch storage {
                case .codes(let codes):
                    for i in row..<row + piece.count where codes[i] >= 0 { codes[i] = remap[Int(codes[i])] }
                case .shortCodes(let codes):
                    guard dictionary.count < Int(UInt16.max) else { throw .codesOverflowed(columns: [column]) }
                    for i in row..<row + piece.count where codes[i] != .max {
                        codes[i] = UInt16(truncatingIfNeeded: remap[Int(codes[i])])
                    }
                default: break
                }
            }
            row += piece.count
        }
        if case .scaled(let units, let places) = storage, pieces.contains(where: { !$0.misfits.isEmpty }) {
            written.doubles = doubles(units, rows: row, places: places, misfits: pieces.flatMap(\.misfits))
        }
        guard pieces.first?.type == .text else { return written }
        switch dictionary.strings() {
        case .success(let strings):
            written.dictionary = strings
            if case .shortCodes(let codes) = storage, strings.count < Int(UInt8.max) {
                written.byteCodes = narrowed(codes, rows: row)
            }
            return written
        case .failure(let invalid):
            throw .invalidText(column: column, row: firstRow(of: invalid.code, in: storage, rows: row) + 1)
        }
    }

    private static func narrowed(_ codes: UnsafeMutablePointer<UInt16>, rows: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: rows) { buffer, count in
            for i in 0..<rows { buffer[i] = codes[i] == .max ? .max : UInt8(truncatingIfNeeded: codes[i]) }
            count = rows
        }
    }

    /// A scaled column's values as doubles, with the misfits (in row order) where their
    /// rows hold the misfit mark.
    private static func doubles(_ units: UnsafeMutablePointer<Int32>, rows: Int, places: Int, misfits: [Double]) -> [Double] {
        let power = NumberColumn.powers[places]
        var next = 0
        return [Double](unsafeUninitializedCapacity: rows) { buffer, count in
            for i in 0..<rows {
                switch units[i] {
                case NumberColumn.nullUnits: buffer[i] = .nan
                case NumberColumn.misfitUnits:
                    buffer[i] = misfits[next]
                    next += 1
                default: buffer[i] = Double(units[i]) / power
                }
            }
            count = rows
        }
    }

    /// The first row holding `code`, for an error.
    private static func firstRow(of code: Int, in storage: ColumnDestination, rows: Int) -> Int {
        switch storage {
        case .codes(let codes): (0..<rows).first { codes[$0] == Int32(code) } ?? 0
        case .shortCodes(let codes): (0..<rows).first { Int(codes[$0]) == code } ?? 0
        default: 0
        }
    }

    /// The finished columns, from their arrays and how they were written.
    static func columns(_ values: [ColumnStorage.Values], types: [ColumnType], written: [Written], rows: Int) -> [Assembled] {
        values.indices.map { index in
            let data: ColumnData = switch (values[index], types[index]) {
            case (.doubles(let v), .datetime): .datetime(v)
            case (.doubles(let v), _): .number(NumberColumn(v))
            case (.scaled(let v, let places), _):
                .number(written[index].doubles.map(NumberColumn.init) ?? NumberColumn(units: v, places: places))
            case (.days(let v), _): .date(v)
            case (.codes(let v), _): .text(codes: TextCodes(v, distinct: written[index].dictionary.count),
                                           dictionary: written[index].dictionary)
            case (.shortCodes(let v), _): .text(codes: TextCodes(written[index].byteCodes.map { .bytes($0) } ?? .shorts(v)),
                                                dictionary: written[index].dictionary)
            case (.bools(let v), _): .bool(v)
            case (.none, _): .null(count: rows)
            }
            let column = written[index]
            return Assembled(data: data, isPercent: column.isPercent, currency: column.currency, zones: column.zones)
        }
    }

    /// The currency sign for the last byte of how it is written in UTF-8.
    private static func currency(_ sign: UInt8) -> String? {
        switch sign {
        case 0x24: "$"
        case 0xAC: "€"
        case 0xA3: "£"
        case 0xA5: "¥"
        default: nil
        }
    }
}

extension ColumnAssembler {
    /// Allocates columns of `types` for `capacity` rows, has `parse` write them (returning
    /// each chunk's builders in file order) and finishes them. A value of a wider type
    /// re-parses with that type (rare, and only ever widening, so it ends).
    ///
    /// The columns are allocated as `samples` say. Text is written with two-byte codes
    /// unless its sample was wide; a column that turns out to need more is read again with
    /// four (then narrowed to what its dictionary needs, often one).
    static func read(_ headers: [String], _ samples: [ColumnSample], capacity: Int, cancellation: CancellationFlag?,
                     parse: ([ColumnType], [ColumnDestination]) throws(LoadFailure) -> [[ColumnBuilder]])
        throws(LoadFailure) -> DelimitedReader.Output
    {
        enum Outcome {
            case finished(rows: Int, [Written])
            case widened([ColumnType])
            case wideText(Set<Int>)
            case failed(LoadFailure)
        }
        var types = samples.map(\.type), wideText = Set(samples.indices.filter { samples[$0].wideText })
        let places = samples.map(\.scaledPlaces)
        while true {
            // Cancelled while the line ends were counted: nothing to allocate.
            if cancellation?.isCancelled == true { throw .cancelled }
            let kinds = types.indices.map {
                ColumnStorage.Kind(types[$0], wideText: wideText.contains($0), places: places[$0])
            }
            let (values, outcome) = ColumnStorage.build(kinds, capacity: capacity) { storage -> (rows: Int, result: Outcome) in
                do throws(LoadFailure) {
                    let chunks = try parse(types, storage)
                    let wider = widened(chunks, types)
                    if wider != types { return (0, .widened(wider)) }
                    switch finish(chunks, in: storage, cancellation: cancellation) {
                    case .success(let (rows, written)): return (rows, .finished(rows: rows, written))
                    case .failure(.cancelled): return (0, .failed(.cancelled))
                    case .failure(.codesOverflowed(let columns)): return (0, .wideText(columns))
                    case .failure(.invalidText(let column, let row)):
                        return (0, .failed(.data(.invalidText(row: row, column: Identifier.from(headers[column])))))
                    }
                } catch {
                    return (0, .failed(error))
                }
            }
            switch outcome {
            case .finished(let rows, let written):
                return DelimitedReader.Output(headers: headers, columns: columns(values, types: types, written: written, rows: rows),
                                              rowCount: rows)
            case .widened(let wider): types = wider
            case .wideText(let columns): wideText.formUnion(columns)
            case .failed(let failure):
                // Giving back gigabytes of written pages takes a third of a second on a
                // 100M-row file: done on another thread, so Ctrl-C and errors answer at once
                // (small tables are freed here, where a leak checker expects them back).
                if capacity * types.count >= 1 << 22 {
                    let abandoned = values
                    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(abandoned) {} }
                }
                throw failure
            }
        }
    }

    /// The types the chunks' values need: each column's type joined with what did not fit.
    private static func widened(_ chunks: [[ColumnBuilder]], _ types: [ColumnType]) -> [ColumnType] {
        var types = types
        for chunk in chunks {
            for column in types.indices {
                if let wider = chunk[column].widened { types[column] = TypeInference.join(types[column], wider) }
            }
        }
        return types
    }
}
