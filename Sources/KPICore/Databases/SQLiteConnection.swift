import CKPISQLite
import Glibc

/// A SQLite file, opened read-only through SQLite's own C library.
final class SQLiteConnection: DatabaseConnection {
    let kind = DatabaseKind.sqlite
    let target: String
    let dialect = SQLDialect(kind: .sqlite)
    private var database: OpaquePointer?

    init(path: String, shown: String) throws(DatabaseProblem) {
        target = shown
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotOpen(path: shown, detail: "no such file") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .cannotOpen(path: shown, detail: "not a regular file") }
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil)
        database = handle
        guard status == SQLITE_OK else {
            let detail = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            close()
            throw .cannotOpen(path: shown, detail: detail)
        }
        do {
            _ = try rows("SELECT count(*) FROM sqlite_master", cancellation: CancellationFlag())
        } catch {
            close()
            if case .queryFailed(let message, _, _) = error { throw .cannotOpen(path: shown, detail: message) }
            throw error
        }
        SQLiteFunctions.register(on: handle!)
    }

    func close() {
        if let database { sqlite3_close_v2(database) }
        database = nil
    }

    deinit { close() }

    /// A prepared statement, finalized when done with.
    private func prepare(_ sql: String) throws(DatabaseProblem) -> PreparedStatement {
        guard let database else { throw .connectionLost(detail: "the file was disconnected") }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Self.problem(database, sql: sql)
        }
        return PreparedStatement(statement)
    }

    private static func problem(_ database: OpaquePointer, sql: String) -> DatabaseProblem {
        let code = sqlite3_errcode(database)
        if code == SQLITE_INTERRUPT { return .cancelled }
        let offset = sqlite3_error_offset(database)
        return .queryFailed(message: String(cString: sqlite3_errmsg(database)), position: offset >= 0 ? Int(offset) + 1 : nil, sql: sql)
    }

    /// Runs `body` for each row of `statement` until it returns false, with Ctrl-C
    /// interrupting the query.
    private func step(_ statement: PreparedStatement, sql: String, cancellation: CancellationFlag,
                      _ body: (OpaquePointer) throws(DatabaseProblem) -> Bool) throws(DatabaseProblem) {
        guard let database else { throw .connectionLost(detail: "the file was disconnected") }
        let flag = Unmanaged.passUnretained(cancellation).toOpaque()
        sqlite3_progress_handler(database, 10_000, { context in
            Unmanaged<CancellationFlag>.fromOpaque(context!).takeUnretainedValue().isCancelled ? 1 : 0
        }, flag)
        defer { sqlite3_progress_handler(database, 0, nil, nil) }
        while true {
            let status = sqlite3_step(statement.pointer)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw Self.problem(database, sql: sql) }
            guard try body(statement.pointer) else { return }
        }
    }

    func rows(_ sql: String, cancellation: CancellationFlag) throws(DatabaseProblem) -> ResultRows {
        let statement = try prepare(sql)
        let columns = Int(sqlite3_column_count(statement.pointer))
        var rows = ResultRows(columnCount: columns)
        try step(statement, sql: sql, cancellation: cancellation) { row in
            for column in 0..<Int32(columns) {
                switch sqlite3_column_type(row, column) {
                case SQLITE_NULL: rows.cells.append(.null)
                case SQLITE_INTEGER: rows.cells.append(.number(Double(sqlite3_column_int64(row, column))))
                case SQLITE_FLOAT: rows.cells.append(.number(sqlite3_column_double(row, column)))
                default: rows.cells.append(.text(String(cString: sqlite3_column_text(row, column))))
                }
            }
            return true
        }
        return rows
    }

    // MARK: Catalogue

    func relations() throws(DatabaseProblem) -> [RemoteRelation] {
        let names = try rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                             + "ORDER BY name", cancellation: CancellationFlag())
        var relations: [RemoteRelation] = []
        for index in 0..<names.rowCount {
            guard let name = names[index, 0].text else { continue }
            let info = try rows("SELECT name, type FROM pragma_table_info(\(dialect.string(name)))", cancellation: CancellationFlag())
            var relation = RemoteRelation(schema: nil, name: name, columns: [], rowEstimate: nil)
            for row in 0..<info.rowCount {
                let column = info[row, 0].text ?? "", declared = info[row, 1].text ?? ""
                if let kind = Self.kind(declared: declared) {
                    relation.columns.append(RemoteColumn(name: column, identifier: Identifier.from(column), declared: declared.lowercased(), kind: kind))
                } else {
                    relation.unmapped.append((column, declared.isEmpty ? "none" : declared.lowercased()))
                }
            }
            let count = try rows("SELECT count(*) FROM \(dialect.identifier(name))", cancellation: CancellationFlag())
            relation.rowEstimate = Int(count[0, 0].number)
            relations.append(relation)
        }
        return relations
    }

    /// The kind of a declared type, by SQLite's affinity rules with dates and booleans
    /// first (SQLite has no such types; their names are a promise about the values).
    /// Nil for BLOB.
    static func kind(declared: String) -> RemoteKind? {
        let type = declared.uppercased()
        if type.contains("DATETIME") || type.contains("TIMESTAMP") { return .datetime(zoned: false) }
        if type.contains("DATE") { return .date }
        if type.contains("BOOL") { return .bool }
        if type.contains("INT") { return .integer }
        if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") { return .text }
        if type.contains("BLOB") { return nil }
        if type.isEmpty { return nil }
        return .number(exact: false)
    }

    func columns(of query: String, cancellation: CancellationFlag) throws(DatabaseProblem) -> [RemoteColumn] {
        let statement = try prepare(query)
        let count = sqlite3_column_count(statement.pointer)
        var columns: [RemoteColumn] = []
        var undeclared: [Int] = []
        for index in 0..<count {
            let name = String(cString: sqlite3_column_name(statement.pointer, index))
            let declared = sqlite3_column_decltype(statement.pointer, index).map { String(cString: $0) } ?? ""
            if declared.isEmpty { undeclared.append(Int(index)) }
            guard let kind = declared.isEmpty ? .number(exact: false) : Self.kind(declared: declared) else {
                throw .unmappableType(column: name, type: declared.lowercased())
            }
            columns.append(RemoteColumn(name: name, identifier: Identifier.from(name), declared: declared.lowercased(), kind: kind))
        }
        guard !undeclared.isEmpty else { return columns }
        // An expression has no declared type: its first values tell (text if any is text).
        var seen = 0
        try step(statement, sql: query, cancellation: cancellation) { row throws(DatabaseProblem) in
            seen += 1
            for index in undeclared where sqlite3_column_type(row, Int32(index)) == SQLITE_TEXT {
                columns[index].kind = .text
            }
            return seen < 1000
        }
        for index in undeclared { columns[index].declared = columns[index].kind == .text ? "text" : "real" }
        return columns
    }

    // MARK: Loading

    func fetch(_ query: String, columns: [RemoteColumn], cancellation: CancellationFlag) throws(DatabaseProblem) -> FetchedTable {
        let statement = try prepare(query)
        var builders = columns.map { RemoteColumnBuilder(kind: $0.kind, name: $0.identifier, capacity: 1 << 12) }
        var rowCount = 0
        try step(statement, sql: query, cancellation: cancellation) { row throws(DatabaseProblem) in
            rowCount += 1
            for index in columns.indices {
                try Self.append(row, Int32(index), to: &builders[index], column: columns[index], row: rowCount)
            }
            return true
        }
        return try FetchedTable(builders, columns: columns, rowCount: rowCount)
    }

    /// One value into its column, converted as the declared type says; a value that does
    /// not fit (text in a number column) is an error naming the row.
    private static func append(_ row: OpaquePointer, _ index: Int32, to builder: inout RemoteColumnBuilder, column: RemoteColumn,
                               row number: Int) throws(DatabaseProblem) {
        let type = sqlite3_column_type(row, index)
        if type == SQLITE_NULL { return builder.appendNull() }
        func bad(_ expected: String) -> DatabaseProblem {
            let text = sqlite3_column_text(row, index).map { String(cString: $0) } ?? ""
            return .badValue(row: number, column: column.name, value: "'\(text.prefix(40))'", expected: expected)
        }
        func withText<R>(_ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
            let p = sqlite3_column_text(row, index)!
            return body(p, Int(sqlite3_column_bytes(row, index)))
        }
        switch column.kind {
        case .number, .integer:
            if type == SQLITE_INTEGER, column.kind == .integer { return builder.append(integer: sqlite3_column_int64(row, index)) }
            if type == SQLITE_INTEGER || type == SQLITE_FLOAT { return builder.append(number: sqlite3_column_double(row, index)) }
            guard let value = withText({ FieldValueParser.number($0, $1)?.value }) else { throw bad("a number") }
            column.kind == .integer ? builder.append(integer: Int64(exactly: value) ?? 0) : builder.append(number: value)
        case .text:
            withText { builder.append(text: $0, $1) }
        case .date:
            guard type == SQLITE_TEXT, let day = withText({ FieldValueParser.date($0, $1) }) else { throw bad("a date (YYYY-MM-DD)") }
            builder.append(day: Int32(day))
        case .datetime:
            if type == SQLITE_INTEGER || type == SQLITE_FLOAT { return builder.append(seconds: sqlite3_column_double(row, index)) }
            if let seconds = withText({ FieldValueParser.datetime($0, $1) }) { return builder.append(seconds: seconds) }
            guard let day = withText({ FieldValueParser.date($0, $1) }) else { throw bad("a timestamp") }
            builder.append(seconds: Double(day) * 86_400)
        case .bool:
            if type == SQLITE_INTEGER { return builder.append(bool: sqlite3_column_int64(row, index) != 0) }
            guard let flag = withText({ FieldValueParser.bool($0, $1) }) else { throw bad("true or false") }
            builder.append(bool: flag)
        }
    }
}

/// A sqlite3_stmt finalized when the last reference goes.
private final class PreparedStatement {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { sqlite3_finalize(pointer) }
}
