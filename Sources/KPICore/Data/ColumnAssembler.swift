/// Joins the per-chunk builders of one column into its final contiguous column.
///
/// Arrays are moved out of the builders as they are appended, so the peak memory
/// is the chunks plus one finished column, not two copies of the table.
enum ColumnAssembler {
    /// A text column whose bytes are not UTF-8: the row where the first bad value is.
    struct InvalidText: Error {
        var row: Int
    }

    static func assemble(_ chunks: inout [[ColumnBuilder]], column: Int, rowCount: Int) throws(InvalidText) -> ColumnData {
        let type = chunks.first?[column].type ?? .null
        switch type {
        case .number, .datetime:
            var values: [Double] = []
            values.reserveCapacity(rowCount)
            for k in chunks.indices {
                values.append(contentsOf: chunks[k][column].doubles)
                chunks[k][column].doubles = []
            }
            return type == .number ? .number(values) : .datetime(values)
        case .date:
            var values: [Int32] = []
            values.reserveCapacity(rowCount)
            for k in chunks.indices {
                values.append(contentsOf: chunks[k][column].days)
                chunks[k][column].days = []
            }
            return .date(values)
        case .bool:
            var values: [UInt8] = []
            values.reserveCapacity(rowCount)
            for k in chunks.indices {
                values.append(contentsOf: chunks[k][column].bools)
                chunks[k][column].bools = []
            }
            return .bool(values)
        case .text:
            return try assembleText(&chunks, column: column, rowCount: rowCount)
        case .null:
            return .null(count: rowCount)
        }
    }

    /// Merges the chunks' dictionaries into the first one and re-codes the later chunks.
    private static func assembleText(_ chunks: inout [[ColumnBuilder]], column: Int, rowCount: Int) throws(InvalidText)
        -> ColumnData
    {
        var dictionary = chunks[0][column].dictionary
        var codes: [Int32] = []
        codes.reserveCapacity(rowCount)
        codes.append(contentsOf: chunks[0][column].codes)
        chunks[0][column].codes = []
        for k in chunks.indices.dropFirst() {
            let local = chunks[k][column].dictionary
            let remap = (0..<local.count).map { code in
                local.withBytes(of: code) { dictionary.code(for: $0, $1) }
            }
            for code in chunks[k][column].codes {
                codes.append(code < 0 ? code : remap[Int(code)])
            }
            chunks[k][column] = ColumnBuilder(type: .text, capacity: 0)
        }
        switch dictionary.strings() {
        case .success(let strings):
            return .text(codes: codes, dictionary: strings)
        case .failure(let invalid):
            throw InvalidText(row: (codes.firstIndex(of: Int32(invalid.code)) ?? 0) + 1)
        }
    }

    /// Whether any chunk saw percentages or a currency sign in the column.
    static func formatting(_ chunks: [[ColumnBuilder]], column: Int) -> (percent: Bool, currency: String?) {
        let percent = chunks.contains { $0[column].percent }
        let sign = chunks.lazy.map { $0[column].currency }.first { $0 != 0 } ?? 0
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
