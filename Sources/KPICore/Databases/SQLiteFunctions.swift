import CKPISQLite

/// Aggregates kpi registers on every SQLite connection, so that pushed-down sums and
/// percentiles come out as they do in memory: SQLite 3.40's `sum` adds doubles naively
/// (the last digit can differ), and SQLite has no percentile.
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

/// An exact sum of doubles, rounded once at the end (Shewchuk's partials, as Python's
/// math.fsum): the same as PostgreSQL's exact numeric sum, and as the in-memory
/// compensated sum for any realistic data.
final class ExactSum: Accumulating {
    private var partials: [Double] = []
    init() {}

    func add(_ value: Double) {
        var x = value, kept = 0
        for j in partials.indices {
            var y = partials[j]
            if abs(x) < abs(y) { swap(&x, &y) }
            let high = x + y, low = y - (high - x)
            if low != 0 {
                partials[kept] = low
                kept += 1
            }
            x = high
        }
        partials.removeSubrange(kept...)
        partials.append(x)
    }

    var total: Double {
        var n = partials.count
        guard n > 0 else { return 0 }
        n -= 1
        var high = partials[n], low = 0.0
        while n > 0 {
            let x = high
            n -= 1
            let y = partials[n]
            high = x + y
            low = y - (high - x)
            if low != 0 { break }
        }
        // Round half to even across the remaining partials.
        if n > 0, (low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0) {
            let y = low * 2, x = high + y
            if y == x - high { high = x }
        }
        return high
    }
}
