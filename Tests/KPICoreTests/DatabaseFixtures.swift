import CKPIPostgres
import CKPISQLite
import Glibc
import Testing
@testable import KPICore

/// The databases the database tests read: a real PostgreSQL server (started by `make test`,
/// which sets KPI_TEST_PG and PGPASSWORD) and a SQLite file made here, both holding the
/// same rows as CSV files that the tests also load into memory.
enum DatabaseFixtures {
    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// `postgresql://user@127.0.0.1:PORT/db` of the test server, when one runs.
    static let postgresURL = environment("KPI_TEST_PG")
    /// CI must test against a server: without one the database tests fail there rather than skip.
    static let required = environment("CI") == "true"
    static var postgresAvailable: Bool { postgresURL != nil }

    /// The tables, with their columns as the database declares them, and the CSV each is filled from.
    static let tables: [(name: String, ddl: String, csv: String)] = [
        ("marketing", """
            date date, channel text, region text, spend numeric(12,2), impressions integer, clicks integer,
            leads integer, new_customers integer, revenue numeric(12,2)
            """, samples("marketing.csv")),
        ("tickets", """
            ticket_id text, opened_at timestamp, resolved_at timestamp, channel text, category text,
            resolution_hours numeric, satisfaction integer
            """, samples("support_tickets.csv")),
        ("events", """
            event_id bigint, day date, at timestamptz, source text, country text, converted boolean,
            amount numeric(10,2), score double precision, qty integer
            """, Fixtures.path("databases/events.csv")),
        ("targets", "channel text, target numeric(10,2)", Fixtures.path("databases/targets.csv")),
    ]

    static func samples(_ name: String) -> String {
        let file = String(#filePath)
        let tests = file[..<file.firstRange(of: "/Tests/")!.lowerBound]
        return tests + "/samples/" + name
    }

    // MARK: PostgreSQL

    /// The schema this test process fills, so that runs never see each other's tables.
    static let schema = "kpi_test_\(getpid())"

    /// The server seeded once per process: the tables created in `schema` and filled
    /// with COPY from the CSV files. Throws what went wrong.
    static let seededPostgres: Result<String, FixtureError> = {
        guard let url = postgresURL else { return .failure(FixtureError("KPI_TEST_PG is not set: run the tests with make test")) }
        if let failure = CKPIPostgres_load() { return .failure(FixtureError(String(cString: failure))) }
        guard let connection = PQconnectdb(url), PQstatus(connection) == CONNECTION_OK else {
            return .failure(FixtureError("cannot connect to \(url)"))
        }
        defer { PQfinish(connection) }
        var script = "SET TimeZone = 'UTC'; DROP SCHEMA IF EXISTS \(schema) CASCADE; CREATE SCHEMA \(schema);"
        for table in tables { script += "CREATE TABLE \(schema).\(table.name) (\(table.ddl));" }
        script += "CREATE TABLE \(schema).blobs (id integer, payload bytea, tags text[]);"
        script += "CREATE TABLE \(schema).big_ids (id bigint, day date); INSERT INTO \(schema).big_ids VALUES (9007199254740993, '2026-01-01');"
        if let problem = execute(connection, script) { return .failure(FixtureError(problem)) }
        for table in tables {
            if let problem = copy(connection, table: "\(schema).\(table.name)", from: table.csv) { return .failure(FixtureError(problem)) }
        }
        if let problem = execute(connection, "ANALYZE") { return .failure(FixtureError(problem)) }
        return .success(url)
    }()

    static func execute(_ connection: OpaquePointer, _ sql: String) -> String? {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? nil : String(cString: PQerrorMessage(connection))
    }

    private static func copy(_ connection: OpaquePointer, table: String, from path: String) -> String? {
        let started = PQexec(connection, "COPY \(table) FROM STDIN (FORMAT csv, HEADER true)")
        defer { PQclear(started) }
        guard PQresultStatus(started) == PGRES_COPY_IN else { return String(cString: PQerrorMessage(connection)) }
        let bytes = contents(path)
        _ = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        PQputCopyEnd(connection, nil)
        let finished = PQgetResult(connection)
        defer { PQclear(finished) }
        while let more = PQgetResult(connection) { PQclear(more) }
        return PQresultStatus(finished) == PGRES_COMMAND_OK ? nil : String(cString: PQerrorMessage(connection))
    }

    /// Runs `sql` on the test server from a connection of its own (to end kpi's, say).
    static func administer(_ sql: String) throws {
        let url = try seededPostgres.get()
        let connection = PQconnectdb(url)
        defer { PQfinish(connection) }
        if let problem = execute(connection!, sql) { throw FixtureError(problem) }
    }

    // MARK: SQLite

    /// A SQLite file with the same tables, filled by INSERTs of the CSV rows (an empty field
    /// is NULL, as in the CSV reader), made once per process.
    static let seededSQLite: Result<String, FixtureError> = {
        var template = Array("/tmp/kpi-sqlite-XXXXXX".utf8CString)
        let folder = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let path = folder + "/shop.sqlite"
        var database: OpaquePointer?
        guard sqlite3_open(path, &database) == SQLITE_OK, let database else { return .failure(FixtureError("cannot create \(path)")) }
        defer { sqlite3_close(database) }
        var script = "BEGIN;"
        for table in tables {
            let ddl = table.ddl.replacing("double precision", with: "REAL").replacing("timestamptz", with: "TIMESTAMP")
            script += "CREATE TABLE \(table.name) (\(ddl));"
            let lines = String(decoding: contents(table.csv), as: UTF8.self).split(separator: "\n").dropFirst()
            let types = ddl.split(separator: ",").map { $0.lowercased() }
            for line in lines {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                let values = zip(fields, types).map { field, type -> String in
                    if field.isEmpty { return "NULL" }
                    if type.contains("boolean") { return field == "true" ? "1" : "0" }
                    if type.contains("numeric") || type.contains("integer") || type.contains("real") || type.contains("bigint") {
                        return String(field)
                    }
                    return "'" + field.replacing("'", with: "''") + "'"
                }
                script += "INSERT INTO \(table.name) VALUES (\(values.joined(separator: ", ")));"
            }
        }
        script += "CREATE TABLE blobs (id INTEGER, payload BLOB); COMMIT;"
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(database, script, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            return .failure(FixtureError(message.map { String(cString: $0) } ?? "sqlite3_exec failed"))
        }
        return .success(path)
    }()

    static func contents(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
