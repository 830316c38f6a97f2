import Dispatch

/// Joins the per-chunk builders of each column into its final contiguous column.
///
/// Columns are assembled in parallel, each from its own pieces; a piece's arrays
/// are released as soon as they are copied, so the peak is the chunks plus the
/// columns being finished, not two copies of the table.
enum ColumnAssembler {
    /// A text column whose bytes are not UTF-8: the row where the first bad value is.
    struct InvalidText: Error {
        var column: Int
        var row: Int
    }

    /// One finished column and how its values were written.
    struct Assembled {
        var data: ColumnData
        var isPercent: Bool
        var currency: String?
        var zones: ZoneTally
    }

    /// Every column of `chunks` (`chunks[k][column]`), which are consumed.
    static func assemble(_ chunks: consuming [[ColumnBuilder]], rowCount: Int) throws(InvalidText) -> [Assembled] {
        let columnCount = chunks.first?.count ?? 0
        var pieces = [[ColumnBuilder]](repeating: [], count: columnCount)
        for k in chunks.indices {
            for column in 0..<columnCount { pieces[column].append(chunks[k][column]) }
            chunks[k] = []
        }
        let results = UnsafeMutableBufferPointer<Result<Assembled, InvalidText>?>.allocate(capacity: columnCount)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let input = UnsafeMutableBufferPointer<[ColumnBuilder]>.allocate(capacity: columnCount)
        _ = input.initialize(from: pieces)
        pieces = []  // `input` holds the only references now, so pieces free as they are copied
        defer { input.deinitialize().deallocate() }
        nonisolated(unsafe) let (output, columns) = (results, input)
        DispatchQueue.concurrentPerform(iterations: columnCount) { column in
            output[column] = Result { () throws(InvalidText) -> Assembled in
                try assemble(&columns[column], column: column, rowCount: rowCount)
            }
        }
        var assembled: [Assembled] = []
        for result in results { assembled.append(try result!.get()) }
        return assembled
    }

    private static func assemble(_ pieces: inout [ColumnBuilder], column: Int, rowCount: Int) throws(InvalidText) -> Assembled {
        let (isPercent, currency) = formatting(pieces)
        let zones = pieces.reduce(ZoneTally()) { $0 + $1.zones }
        let type = pieces.first?.type ?? .null
        let data: ColumnData
        switch type {
        case .number: data = .number(concatenate(&pieces, \.doubles, rowCount))
        case .datetime: data = .datetime(concatenate(&pieces, \.doubles, rowCount))
        case .date: data = .date(concatenate(&pieces, \.days, rowCount))
        case .bool: data = .bool(concatenate(&pieces, \.bools, rowCount))
        case .text: data = try text(&pieces, column: column, rowCount: rowCount)
        case .null: data = .null(count: rowCount)
        }
        pieces = []
        return Assembled(data: data, isPercent: isPercent, currency: currency, zones: zones)
    }

    private static func concatenate<T>(_ pieces: inout [ColumnBuilder], _ values: WritableKeyPath<ColumnBuilder, [T]>,
                                       _ rowCount: Int) -> [T] {
        var result: [T] = []
        result.reserveCapacity(rowCount)
        for k in pieces.indices {
            result.append(contentsOf: pieces[k][keyPath: values])
            pieces[k][keyPath: values] = []
        }
        return result
    }

    /// Merges the pieces' dictionaries into the first one and re-codes the later pieces.
    private static func text(_ pieces: inout [ColumnBuilder], column: Int, rowCount: Int) throws(InvalidText) -> ColumnData {
        var dictionary = pieces[0].dictionary
        var codes: [Int32] = []
        codes.reserveCapacity(rowCount)
        codes.append(contentsOf: pieces[0].codes)
        for k in pieces.indices.dropFirst() {
            let local = pieces[k].dictionary
            let remap = (0..<local.count).map { code in
                local.withBytes(of: code) { dictionary.code(for: $0, $1) }
            }
            for code in pieces[k].codes {
                codes.append(code < 0 ? code : remap[Int(code)])
            }
            pieces[k] = ColumnBuilder(type: .text, capacity: 0)
        }
        switch dictionary.strings() {
        case .success(let strings):
            return .text(codes: codes, dictionary: strings)
        case .failure(let invalid):
            throw InvalidText(column: column, row: (codes.firstIndex(of: Int32(invalid.code)) ?? 0) + 1)
        }
    }

    /// Whether any piece saw percentages or a currency sign in the column.
    private static func formatting(_ pieces: [ColumnBuilder]) -> (percent: Bool, currency: String?) {
        let percent = pieces.contains { $0.percent }
        let sign = pieces.lazy.map(\.currency).first { $0 != 0 } ?? 0
        let currency: String? = switch sign {
        case 0x24: "$"
        case 0xAC: "€"
        case 0xA3: "£"
        case 0xA5: "¥"
        default: nil
        }
        return (percent, currency)
    }
}
