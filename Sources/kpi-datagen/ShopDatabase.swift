import CKPISQLite
import Glibc

/// samples/shop.sqlite: the orders and marketing samples as SQLite tables with declared
/// types, for `connect` and the databases session. Made from the CSV files just written,
/// so the database and the files hold the same rows.
enum ShopDatabase {
    static let tables: [(name: String, file: String, columns: [(String, String)])] = [
        ("orders", "orders.csv", [("order_id", "INTEGER"), ("customer_id", "TEXT"), ("order_date", "DATE"),
                                  ("amount", "NUMERIC"), ("margin", "NUMERIC"), ("channel", "TEXT")]),
        ("marketing", "marketing.csv", [("date", "DATE"), ("channel", "TEXT"), ("region", "TEXT"), ("spend", "NUMERIC"),
                                        ("impressions", "INTEGER"), ("clicks", "INTEGER"), ("leads", "INTEGER"),
                                        ("new_customers", "INTEGER"), ("revenue", "NUMERIC")]),
    ]

    static func write(folder: String) throws(OutputError) -> Int {
        let path = folder + "/shop.sqlite"
        unlink(path)
        var database: OpaquePointer?
        guard sqlite3_open(path, &database) == SQLITE_OK, let database else { throw OutputError(message: "cannot create \(path)") }
        defer { sqlite3_close(database) }
        var rows = 0
        try execute(database, "PRAGMA journal_mode = OFF; BEGIN", path: path)
        for table in tables {
            let columns = table.columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            try execute(database, "CREATE TABLE \(table.name) (\(columns))", path: path)
            rows += try insert(database, table: table.name, count: table.columns.count, from: folder + "/" + table.file, path: path)
        }
        try execute(database, "COMMIT; VACUUM", path: path)
        return rows
    }

    private static func execute(_ database: OpaquePointer, _ sql: String, path: String) throws(OutputError) {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            throw OutputError(message: "\(path): " + String(cString: sqlite3_errmsg(database)))
        }
    }

    /// The CSV's rows (the samples have no quoted fields) bound as text; the columns'
    /// declared types make SQLite store numbers as numbers.
    private static func insert(_ database: OpaquePointer, table: String, count: Int, from csv: String,
                               path: String) throws(OutputError) -> Int {
        guard let file = fopen(csv, "r") else { throw OutputError(message: "cannot read \(csv)") }
        defer { fclose(file) }
        var statement: OpaquePointer?
        let placeholders = Array(repeating: "?", count: count).joined(separator: ", ")
        guard sqlite3_prepare_v2(database, "INSERT INTO \(table) VALUES (\(placeholders))", -1, &statement, nil) == SQLITE_OK else {
            throw OutputError(message: "\(path): " + String(cString: sqlite3_errmsg(database)))
        }
        defer { sqlite3_finalize(statement) }
        var line = [CChar](repeating: 0, count: 4096)
        var rows = 0, header = true
        while fgets(&line, Int32(line.count), file) != nil {
            if header {
                header = false
                continue
            }
            let length = line.firstIndex(of: 0) ?? line.count
            let text = String(decoding: line[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.dropLast().split(separator: ",", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if field.isEmpty {
                    sqlite3_bind_null(statement, Int32(index + 1))
                } else {
                    sqlite3_bind_text(statement, Int32(index + 1), String(field), -1, CKPISQLite_transient())
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw OutputError(message: "\(path): " + String(cString: sqlite3_errmsg(database))) }
            sqlite3_reset(statement)
            rows += 1
        }
        return rows
    }
}
