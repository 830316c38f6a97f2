/// The groups of `show … by`: their labels, and for every table that has the dimension,
/// each row's group. `by t.c` splits table t; `by c` splits every table with a column c
/// (a conformed dimension), with the labels of all of them.
struct Breakdown {
    /// As written: `channel`, or `orders.channel`.
    var dimension: String
    /// Sorted; rows without a value are the last group, `(none)`.
    var labels: [String]
    /// Table name → its rows' groups.
    var groupings: [String: Aggregation.Grouping]
    /// Attached tables with the dimension → the column their database groups by.
    var remoteColumns: [String: String] = [:]

    /// The grouping of `table`'s rows, or nil when the table does not have the dimension.
    func grouping(for table: String) -> Aggregation.Grouping? {
        groupings[table]
    }

    /// The breakdown of `dimension` over `columns` (text or bool columns of their tables).
    /// Attached tables in `remote` bring the group values their database reported.
    init(dimension: String, columns: [(table: String, data: ColumnData)],
         remote: [(table: String, column: String, values: Set<String?>)] = []) {
        self.dimension = dimension
        var values = Set<String>(), hasNone = false
        for (table, column, groups) in remote {
            remoteColumns[table] = column
            values.formUnion(groups.compactMap { $0 })
            if groups.contains(nil) { hasNone = true }
        }
        for (_, data) in columns {
            switch data {
            case .text(let codes, let dictionary):
                values.formUnion(dictionary)
                if codes.hasNulls { hasNone = true }
            case .bool(let flags):
                values.formUnion(["false", "true"])
                if flags.contains(ColumnData.nullBool) { hasNone = true }
            default: break
            }
        }
        labels = values.sorted() + (hasNone ? [Aggregation.Grouping.none] : [])
        let position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, Int32($0)) })
        let none = Int32(labels.count - 1)
        groupings = [:]
        for (table, data) in columns {
            switch data {
            case .text(let rowCodes, let dictionary):
                let keys: Aggregation.Grouping.Keys = switch rowCodes.storage {
                case .bytes(let codes): .bytes(codes, null: .max)
                case .shorts(let codes): .shorts(codes)
                case .words(let codes): .words(codes)
                }
                groupings[table] = Aggregation.Grouping(keys: keys, groupOfKey: dictionary.map { position[$0]! },
                                                        nullGroup: none, labels: labels)
            case .bool(let flags):
                groupings[table] = Aggregation.Grouping(keys: .bytes(flags, null: ColumnData.nullBool),
                                                        groupOfKey: [position["false"]!, position["true"]!],
                                                        nullGroup: none, labels: labels)
            default: break
            }
        }
    }
}
