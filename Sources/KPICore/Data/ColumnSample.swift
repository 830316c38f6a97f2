/// What a file's first rows say about one column, before the parse that writes it: its
/// type, whether its text needs four-byte codes from the start, and whether its numbers
/// fit four bytes a row (`NumberColumn`) and at how many decimals.
///
/// A guess from a sample, so every later value is checked where it is written: a wider
/// type re-reads the file, a text column past two-byte codes re-reads it with four, and a
/// number scaled storage cannot hold turns that column into doubles when it is finished.
struct ColumnSample {
    private(set) var type = ColumnType.null
    private var values = TextDictionary()
    private var places = 0, largest = 0.0, scalable = true

    /// Room left above the sample's largest value: a column whose first thousand rows reach
    /// 1,000 is stored in four bytes only if 64,000 would still fit.
    private static let headroom = 64.0

    mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int) {
        _ = values.code(for: p, n)
        let kind = FieldValueParser.classify(p, n)
        type = TypeInference.join(type, TypeInference.type(of: kind))
        guard case .number = kind, scalable, let number = FieldValueParser.number(p, n) else { return }
        guard let fitting = (places...NumberColumn.maximumPlaces).first(where: {
            NumberColumn.units(of: number.value, places: $0) != nil
        }) else {
            scalable = false
            return
        }
        places = fitting
        largest = Swift.max(largest, Swift.abs(number.value))
    }

    /// Text codes start at four bytes: more than 500 distinct values in the first rows
    /// (ids and the like), whose chunks would outgrow two-byte codes, so the column is read
    /// with four from the start instead of once more.
    var wideText: Bool { values.count > 500 }

    /// The decimals a number column is stored with in four bytes a row; nil for doubles.
    var scaledPlaces: Int? {
        guard type == .number, scalable,
              largest * NumberColumn.powers[places] * Self.headroom < Double(NumberColumn.unitLimit) else { return nil }
        return places
    }
}
