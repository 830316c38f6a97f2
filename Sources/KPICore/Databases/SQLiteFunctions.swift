import CKPISQLite

/// Aggregates kpi registers on every SQLite connection, so that pushed-down sums and
/// percentiles come out as they do in memory: SQLite's `sum` adds doubles as doubles
/// (the last digit can differ from kpi's exact decimal sum), and SQLite has no percentile.
enum SQLiteFunctions {
    static func register(on database: OpaquePointer) {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        sqlite3_create_function_v2(database, "kpi_sum", 1, flags, nil, nil, { context, _, values in
            guard let value = values?[0], sqlite3_value_type(value) != SQLITE_NULL else { return }
            SQLiteFunctions.accumulator(context, ExactSum.self)?.add(sqlite3_value_double(value))
        }, { context in
            guard let sum = SQLiteFunctions.finished(context, ExactSum.self) else { return sqlite3_result_null(context) }
            sqlite3_result_double(context, sum.total)
        }, nil)
        sqlite3_create_function_v2(database, "kpi_quantile", 2, flags, nil, nil, { context, _, values in
            guard let value = values?[0], sqlite3_value_type(value) != SQLITE_NULL else { return }
            let collected = SQLiteFunctions.accumulator(context, Collected.self)
            collected?.values.append(sqlite3_value_double(value))
            if let q = values?[1] { collected?.quantile = sqlite3_value_double(q) }
        }, { context in
            guard let collected = SQLiteFunctions.finished(context, Collected.self) else { return sqlite3_result_null(context) }
            sqlite3_result_double(context, Aggregation.quantile(collected.values.sorted(), collected.quantile))
        }, nil)
    }

    /// The group's accumulator, made at its first row: SQLite keeps a pointer-sized slot
    /// per group, which holds a retained reference to it.
    fileprivate static func accumulator<T: AnyObject & Accumulating>(_ context: OpaquePointer?, _: T.Type) -> T? {
        guard let slot = sqlite3_aggregate_context(context, Int32(MemoryLayout<UnsafeMutableRawPointer?>.size)) else { return nil }
        let pointer = slot.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        if let existing = pointer.pointee { return Unmanaged<T>.fromOpaque(existing).takeUnretainedValue() }
        let made = T()
        pointer.pointee = Unmanaged.passRetained(made).toOpaque()
        return made
    }

    /// The accumulator at the end of its group (released here), or nil when no row had a value.
    fileprivate static func finished<T: AnyObject & Accumulating>(_ context: OpaquePointer?, _: T.Type) -> T? {
        guard let slot = sqlite3_aggregate_context(context, 0) else { return nil }
        let pointer = slot.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        guard let existing = pointer.pointee else { return nil }
        pointer.pointee = nil
        return Unmanaged<T>.fromOpaque(existing).takeRetainedValue()
    }
}

protocol Accumulating { init() }

/// The values of a group, for a percentile.
final class Collected: Accumulating {
    var values: [Double] = []
    var quantile = 0.5
    init() {}
}

/// kpi's own sum (`DecimalSum`) as a SQLite aggregate.
final class ExactSum: Accumulating {
    private var sum = DecimalSum()
    init() {}

    func add(_ value: Double) { sum.add(value) }

    var total: Double { sum.value }
}
