import CKPIPostgres
import Glibc

/// A PostgreSQL server through libpq: its C client, synchronous, quick to build, and
/// spoken by every engine of the PostgreSQL wire protocol (docs/DESIGN.md, "Databases").
final class PostgresConnection: DatabaseConnection {
    let kind = DatabaseKind.postgres
    let target: String
    let dialect = SQLDialect(kind: .postgres)
    private var connection: OpaquePointer?

    /// Connects to `address` (a libpq URI without its password); `password` when the
    /// address carried one, else libpq takes PGPASSWORD or ~/.pgpass.
    init(address: String, password: String?, shown: String) throws(DatabaseProblem) {
        target = shown
        if let failure = CKPIPostgres_load() { throw .clientMissing(String(cString: failure)) }
        // The address comes last so that its own parameters (application_name=…) win.
        var keywords = ["application_name", "connect_timeout", "dbname"]
        var values = ["kpi", "10", address]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        connection = Self.connect(keywords: keywords, values: values)
        guard PQstatus(connection) == CONNECTION_OK else {
            let problem = Self.connectProblem(connection, address: address)
            PQfinish(connection)
            connection = nil
            throw problem
        }
        // UTC, so a timestamptz falls on the same day as kpi reads it from a file; shortest
        // exact float text; and nothing kpi sends can change the data.
        try execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET extra_float_digits = 1; "
                    + "SET default_transaction_read_only = on", cancellation: nil)
    }

    private static func connect(keywords: [String], values: [String]) -> OpaquePointer? {
        let keywordPointers = keywords.map { strdup($0) } + [nil]
        let valuePointers = values.map { strdup($0) } + [nil]
        defer {
            keywordPointers.forEach { free($0) }
            valuePointers.forEach { free($0) }
        }
        return keywordPointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { keys in
            valuePointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { vals in
                PQconnectdbParams(keys.baseAddress, vals.baseAddress, 1)
            }
        }
    }

    /// Why a connection failed, told apart by libpq's message.
    private static func connectProblem(_ connection: OpaquePointer?, address: String) -> DatabaseProblem {
        let message = connection.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? "out of memory"
        let detail = Self.firstLine(message)
        let host = connection.flatMap { PQhost($0) }.map { String(cString: $0) } ?? "localhost"
        let port = connection.flatMap { PQport($0) }.map { String(cString: $0) } ?? "5432"
        let user = connection.flatMap { PQuser($0) }.map { String(cString: $0) } ?? ""
        let lowered = message.lowercased()
        if lowered.contains("password") || lowered.contains("authentication") || lowered.contains("role") && lowered.contains("does not exist") {
            return .authenticationFailed(user: user, detail: detail)
        }
        let server = (host: host.isEmpty ? "localhost" : host, port: port.isEmpty ? "5432" : port)
        if lowered.contains("does not exist") || lowered.contains("too many") || lowered.contains("not permitted") {
            return .refused(host: server.host, port: server.port, detail: detail)
        }
        return .unreachable(host: host.isEmpty ? "localhost" : host, port: port.isEmpty ? "5432" : port, detail: detail)
    }

    /// libpq's messages name the server, then say what failed, over several lines: the
    /// essential part is enough (`password authentication failed for user "kpi"`).
    static func firstLine(_ message: String) -> String {
        var text = Substring(message)
        if let failed = text.firstRange(of: "failed: ") { text = text[failed.upperBound...] }
        for prefix in ["FATAL:  ", "ERROR:  "] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        let line = text.split(separator: "\n").first ?? ""
        return String(line.drop { $0 == " " || $0 == "\t" })
    }

    func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    deinit { close() }

    // MARK: Queries

    /// A live connection: one lost since the last statement is re-established first.
    private func live() throws(DatabaseProblem) -> OpaquePointer {
        guard let connection else { throw .connectionLost(detail: "the connection is closed") }
        if PQstatus(connection) != CONNECTION_OK {
            PQreset(connection)
            guard PQstatus(connection) == CONNECTION_OK else {
                throw .connectionLost(detail: Self.firstLine(String(cString: PQerrorMessage(connection))))
            }
        }
        return connection
    }

    /// Sends `sql` and waits for its last result, polling for Ctrl-C: when it is pressed the
    /// server is asked to cancel, and the query ends with `.cancelled`.
    @discardableResult
    private func execute(_ sql: String, cancellation: CancellationFlag?) throws(DatabaseProblem) -> OwnedResult {
        let connection = try live()
        guard PQsendQuery(connection, sql) == 1 else { throw lostOrFailed(connection, sql: sql) }
        let cancelled = try wait(connection, cancellation: cancellation)
        var last: OpaquePointer?
        while let result = PQgetResult(connection) {
            if let last { PQclear(last) }
            last = result
        }
        guard let last else { throw lostOrFailed(connection, sql: sql) }
        let owned = OwnedResult(last)
        switch PQresultStatus(last) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_COPY_OUT: return owned
        default:
            if cancelled { throw .cancelled }
            throw Self.queryProblem(last, connection: connection, sql: sql)
        }
    }

    /// Waits until the connection has a whole result; true when a cancel was requested.
    private func wait(_ connection: OpaquePointer, cancellation: CancellationFlag?) throws(DatabaseProblem) -> Bool {
        var cancelled = false
        while PQisBusy(connection) == 1 {
            _ = CKPIPostgres_waitReadable(PQsocket(connection), 50)
            if !cancelled, cancellation?.isCancelled == true {
                cancelled = true
                requestCancel(connection)
            }
            guard PQconsumeInput(connection) == 1 else {
                throw .connectionLost(detail: Self.firstLine(String(cString: PQerrorMessage(connection))))
            }
        }
        return cancelled
    }

    private func requestCancel(_ connection: OpaquePointer) {
        guard let cancel = PQgetCancel(connection) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }

    private func lostOrFailed(_ connection: OpaquePointer, sql: String) -> DatabaseProblem {
        let message = Self.firstLine(String(cString: PQerrorMessage(connection)))
        if PQstatus(connection) != CONNECTION_OK { return .connectionLost(detail: message) }
        return .queryFailed(message: message, position: nil, sql: sql)
    }

    private static func queryProblem(_ result: OpaquePointer?, connection: OpaquePointer, sql: String) -> DatabaseProblem {
        if PQstatus(connection) != CONNECTION_OK {
            return .connectionLost(detail: firstLine(String(cString: PQerrorMessage(connection))))
        }
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        let message = field(UInt8(ascii: "M")) ?? firstLine(String(cString: PQresultErrorMessage(result)))
        let position = field(UInt8(ascii: "P")).flatMap { Int($0) }
        return .queryFailed(message: message, position: position, sql: sql)
    }

    func rows(_ sql: String, cancellation: CancellationFlag) throws(DatabaseProblem) -> ResultRows {
        let result = try execute(sql, cancellation: cancellation)
        let columns = Int(PQnfields(result.pointer)), count = Int(PQntuples(result.pointer))
        var rows = ResultRows(columnCount: columns)
        rows.cells.reserveCapacity(columns * count)
        for row in 0..<count {
            for column in 0..<columns {
                if PQgetisnull(result.pointer, Int32(row), Int32(column)) == 1 {
                    rows.cells.append(.null)
                } else {
                    rows.cells.append(.text(String(cString: PQgetvalue(result.pointer, Int32(row), Int32(column)))))
                }
            }
        }
        return rows
    }

    // MARK: Catalogue

    func relations() throws(DatabaseProblem) -> [RemoteRelation] {
        let sql = """
            SELECT n.nspname, c.relname, c.reltuples::bigint, a.attname, a.atttypid::int8,
                   format_type(a.atttypid, a.atttypmod), t.typcategory, t.typtype, t.typbasetype::int8
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND has_table_privilege(c.oid, 'SELECT')
            ORDER BY n.nspname = 'public' DESC, n.nspname, c.relname, a.attnum
            """
        let rows = try self.rows(sql, cancellation: CancellationFlag())
        var relations: [RemoteRelation] = []
        for row in 0..<rows.rowCount {
            let schema = rows[row, 0].text ?? "", name = rows[row, 1].text ?? ""
            let publicSchema = schema == "public"
            if relations.last?.name != name || relations.last?.schema != (publicSchema ? nil : schema) {
                let estimate = Int(rows[row, 2].text ?? "") ?? -1
                relations.append(RemoteRelation(schema: publicSchema ? nil : schema, name: name, columns: [],
                                                rowEstimate: estimate >= 0 ? estimate : nil))
            }
            let column = rows[row, 3].text ?? "", declared = rows[row, 5].text ?? ""
            let type = PostgresType(oid: UInt32(rows[row, 4].text ?? "") ?? 0, category: rows[row, 6].text ?? "",
                                    isDomain: rows[row, 7].text == "d", baseOID: UInt32(rows[row, 8].text ?? "") ?? 0)
            if let kind = type.kind {
                relations[relations.count - 1].columns.append(
                    RemoteColumn(name: column, identifier: Identifier.from(column), declared: declared, kind: kind,
                                 typeOID: type.oid))
            } else {
                relations[relations.count - 1].unmapped.append((column, declared))
            }
        }
        return relations
    }

    func columns(of query: String, cancellation: CancellationFlag) throws(DatabaseProblem) -> [RemoteColumn] {
        let connection = try live()
        let prepared = OwnedResult(PQprepare(connection, "", query, 0, nil))
        guard PQresultStatus(prepared.pointer) == PGRES_COMMAND_OK else {
            throw Self.queryProblem(prepared.pointer, connection: connection, sql: query)
        }
        let described = OwnedResult(PQdescribePrepared(connection, ""))
        guard PQresultStatus(described.pointer) == PGRES_COMMAND_OK else {
            throw Self.queryProblem(described.pointer, connection: connection, sql: query)
        }
        var columns: [RemoteColumn] = []
        for index in 0..<PQnfields(described.pointer) {
            let name = String(cString: PQfname(described.pointer, index))
            let oid = PQftype(described.pointer, index)
            var type = PostgresType(oid: oid, category: "", isDomain: false, baseOID: 0)
            if type.kind == nil { type = try lookUp(oid) }
            let declared = try typeName(oid)
            guard let kind = type.kind else { throw .unmappableType(column: name, type: declared) }
            columns.append(RemoteColumn(name: name, identifier: Identifier.from(name), declared: declared, kind: kind, typeOID: oid))
        }
        return columns
    }

    private func lookUp(_ oid: UInt32) throws(DatabaseProblem) -> PostgresType {
        let rows = try self.rows("SELECT typcategory, typtype, typbasetype::int8 FROM pg_type WHERE oid = \(oid)",
                                 cancellation: CancellationFlag())
        guard rows.rowCount == 1 else { return PostgresType(oid: oid, category: "", isDomain: false, baseOID: 0) }
        return PostgresType(oid: oid, category: rows[0, 0].text ?? "", isDomain: rows[0, 1].text == "d",
                            baseOID: UInt32(rows[0, 2].text ?? "") ?? 0)
    }

    private func typeName(_ oid: UInt32) throws(DatabaseProblem) -> String {
        try rows("SELECT format_type(\(oid), NULL)", cancellation: CancellationFlag())[0, 0].text ?? "oid \(oid)"
    }

    // MARK: Loading

    /// Every row through `COPY … TO STDOUT (FORMAT binary)`: the server casts each column to
    /// the one binary form kpi reads for its kind, and rows stream in without a round trip each.
    func fetch(_ query: String, columns: [RemoteColumn], cancellation: CancellationFlag) throws(DatabaseProblem) -> FetchedTable {
        let casts = columns.map { column in
            dialect.identifier(column.name) + (PostgresWire(oid: column.typeOID) == nil ? "::" + PostgresType.binaryCast(column) : "")
        }
        let sql = "COPY (SELECT \(casts.joined(separator: ", ")) FROM (\(query)) AS kpi_source) TO STDOUT (FORMAT binary)"
        let connection = try live()
        guard PQsendQuery(connection, sql) == 1 else { throw lostOrFailed(connection, sql: sql) }
        var cancelled = try wait(connection, cancellation: cancellation)
        guard let started = PQgetResult(connection) else { throw lostOrFailed(connection, sql: sql) }
        let status = PQresultStatus(started)
        guard status == PGRES_COPY_OUT else {
            let problem = Self.queryProblem(started, connection: connection, sql: query)
            PQclear(started)
            while let more = PQgetResult(connection) { PQclear(more) }
            throw problem
        }
        PQclear(started)
        var decoder = BinaryCopyDecoder(columns: columns)
        var failure: DatabaseProblem?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 1)
            if length > 0, let buffer {
                if failure == nil {
                    buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                        do throws(DatabaseProblem) { try decoder.decode(UnsafeBufferPointer(start: bytes, count: Int(length))) } catch {
                            failure = error
                        }
                    }
                }
                PQfreemem(buffer)
            } else if length == 0 {
                _ = CKPIPostgres_waitReadable(PQsocket(connection), 50)
                if !cancelled, cancellation.isCancelled {
                    cancelled = true
                    requestCancel(connection)
                }
                guard PQconsumeInput(connection) == 1 else {
                    throw .connectionLost(detail: Self.firstLine(String(cString: PQerrorMessage(connection))))
                }
            } else {
                break
            }
        }
        var finalProblem: DatabaseProblem?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, finalProblem == nil {
                finalProblem = Self.queryProblem(result, connection: connection, sql: query)
            }
            PQclear(result)
        }
        if cancelled { throw .cancelled }
        if let finalProblem { throw finalProblem }
        if let failure { throw failure }
        return try decoder.finish()
    }
}

/// A PGresult freed when the last reference goes.
private final class OwnedResult {
    let pointer: OpaquePointer?
    init(_ pointer: OpaquePointer?) { self.pointer = pointer }
    deinit { PQclear(pointer) }
}

/// A PostgreSQL type, by its OID (and its category for types without a fixed OID:
/// enums, domains, extensions), and the kpi kind it becomes.
struct PostgresType {
    var oid: UInt32
    var category: String
    var isDomain: Bool
    var baseOID: UInt32

    var kind: RemoteKind? {
        if isDomain { return PostgresType(oid: baseOID, category: category, isDomain: false, baseOID: 0).kind }
        switch oid {
        case 21, 23, 1700, 790: return .number(exact: true)  // smallint, integer, numeric, money
        case 20: return .integer  // bigint
        case 700, 701: return .number(exact: false)  // real, double precision
        case 25, 1042, 1043, 19, 2950, 114, 3802, 142, 869, 650, 829: return .text  // text, char, varchar, name, uuid, json …
        case 1082: return .date
        case 1114: return .datetime(zoned: false)
        case 1184: return .datetime(zoned: true)
        case 16: return .bool
        default:
            // Enums and other string-like types read as text; anything else (arrays,
            // intervals, bytea, geometry) has no kpi type.
            return category == "E" || category == "S" ? .text : nil
        }
    }

    /// The cast that puts a column in the binary form `BinaryCopyDecoder` reads.
    static func binaryCast(_ column: RemoteColumn) -> String {
        switch column.kind {
        case .number: return column.declared == "money" ? "numeric::float8" : "float8"
        case .integer: return "int8"
        case .text: return "text"
        case .date: return "date"
        case .datetime(let zoned): return zoned ? "timestamptz" : "timestamp"
        case .bool: return "bool"
        }
    }
}

/// The binary forms `BinaryCopyDecoder` reads: the column types that arrive as they are,
/// and the casts every other type gets on the server.
enum PostgresWire {
    case float8, float4, int2, int4, int8, numeric, text, date, timestamp, bool

    /// The form of a type sent as it is, or nil for a type that is cast first.
    init?(oid: UInt32) {
        switch oid {
        case 701: self = .float8
        case 700: self = .float4
        case 21: self = .int2
        case 23: self = .int4
        case 20: self = .int8
        case 1700: self = .numeric
        case 25, 1043, 1042, 19: self = .text
        case 1082: self = .date
        case 1114, 1184: self = .timestamp
        case 16: self = .bool
        default: return nil
        }
    }

    /// The form of the cast `PostgresType.binaryCast` makes for a kind.
    init(castKind kind: RemoteKind) {
        switch kind {
        case .number: self = .float8
        case .integer: self = .int8
        case .text: self = .text
        case .date: self = .date
        case .datetime: self = .timestamp
        case .bool: self = .bool
        }
    }
}

/// Reads PostgreSQL's binary COPY format into column builders: a signature and header,
/// then per row a field count and per field a length (-1 for null) and big-endian bytes.
/// Hand-written because it runs once per field of every row loaded.
struct BinaryCopyDecoder {
    private var builders: [RemoteColumnBuilder]
    private let columns: [RemoteColumn]
    private var headerRead = false
    private(set) var rowCount = 0
    /// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    private static let epochDays: Int32 = 10_957
    private static let epochSeconds = 946_684_800.0

    /// How each column's values arrive: in its own binary form, or cast to its kind's.
    private let wires: [PostgresWire]

    init(columns: [RemoteColumn]) {
        self.columns = columns
        builders = columns.map { RemoteColumnBuilder(kind: $0.kind, name: $0.identifier, capacity: 1 << 16) }
        wires = columns.map { PostgresWire(oid: $0.typeOID) ?? PostgresWire(castKind: $0.kind) }
    }

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(DatabaseProblem) {
        var i = 0
        if !headerRead {
            // "PGCOPY\n\xFF\r\n\0", flags, header extension length, extension.
            guard bytes.count >= 19 else { throw .connectionLost(detail: "a COPY header was cut short") }
            let extensionLength = Int(Self.int32(bytes, 15))
            i = 19 + extensionLength
            headerRead = true
        }
        while i + 2 <= bytes.count {
            let fields = Int(Int16(bitPattern: UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])))
            i += 2
            if fields == -1 { return }  // the trailer
            guard fields == builders.count else { throw .connectionLost(detail: "a COPY row has \(fields) fields, not \(builders.count)") }
            for column in 0..<fields {
                guard i + 4 <= bytes.count else { throw .connectionLost(detail: "a COPY row was cut short") }
                let length = Int(Int32(bitPattern: Self.int32(bytes, i)))
                i += 4
                if length < 0 {
                    builders[column].appendNull()
                    continue
                }
                guard i + length <= bytes.count else { throw .connectionLost(detail: "a COPY field was cut short") }
                append(bytes, at: i, length: length, to: column)
                i += length
            }
            rowCount += 1
        }
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int, to column: Int) {
        switch wires[column] {
        case .float8: builders[column].append(number: Double(bitPattern: Self.int64(bytes, i)))
        case .float4: builders[column].append(number: Double(Float(bitPattern: Self.int32(bytes, i))))
        case .int2: builders[column].append(number: Double(Int16(bitPattern: UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))))
        case .int4: builders[column].append(number: Double(Int32(bitPattern: Self.int32(bytes, i))))
        case .int8: builders[column].append(integer: Int64(bitPattern: Self.int64(bytes, i)))
        case .numeric:
            let value = NumericDecoder.double(bytes, at: i, length: length)
            value.isNaN ? builders[column].appendNull() : builders[column].append(number: value)
        case .text: builders[column].append(text: bytes.baseAddress! + i, length)
        case .date:
            let day = Int32(bitPattern: Self.int32(bytes, i))
            // ±infinity are the extreme values: no day to place a row on.
            if day == Int32.max || day == Int32.min { builders[column].appendNull() } else { builders[column].append(day: day &+ Self.epochDays) }
        case .timestamp:
            let micros = Int64(bitPattern: Self.int64(bytes, i))
            if micros == Int64.max || micros == Int64.min {
                builders[column].appendNull()
            } else {
                // Whole seconds and the fraction apart, so whole seconds stay exact.
                let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
                builders[column].append(seconds: Double(seconds) + Self.epochSeconds + Double(fraction) / 1e6)
            }
        case .bool: builders[column].append(bool: bytes[i] != 0)
        }
    }

    @inline(__always)
    private static func int32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    @inline(__always)
    private static func int64(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(int32(b, i)) << 32 | UInt64(int32(b, i + 4))
    }

    func finish() throws(DatabaseProblem) -> FetchedTable {
        return try FetchedTable(builders, columns: columns, rowCount: rowCount)
    }
}

/// A binary numeric (base-10000 digits with a weight) as the double its decimal text reads
/// as: an integer of up to 15 digits scaled by a power of ten within 10^22 is one
/// correctly rounded multiply or divide, as the CSV reader does it; anything longer goes
/// through the text.
enum NumericDecoder {
    private static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func double(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Double {
        func int16(_ offset: Int) -> Int { Int(Int16(bitPattern: UInt16(bytes[i + offset]) << 8 | UInt16(bytes[i + offset + 1]))) }
        guard length >= 8 else { return .nan }
        let count = int16(0), weight = int16(2), sign = UInt16(truncatingIfNeeded: int16(4))
        guard sign == 0 || sign == 0x4000, length >= 8 + 2 * count else { return .nan }  // NaN, ±infinity
        // Up to 15 digits stay exact in the mantissa (below 10^15 < 2^53).
        var mantissa: UInt64 = 0, exact = true
        for k in 0..<count {
            guard mantissa < 100_000_000_000 else {
                exact = false
                break
            }
            mantissa = mantissa * 10_000 + UInt64(int16(8 + 2 * k))
        }
        var exponent = 4 * (weight - count + 1)
        if exact {
            // Trailing zero digits cost nothing: fold them into the exponent.
            while mantissa != 0, mantissa % 10 == 0 {
                mantissa /= 10
                exponent += 1
            }
            if mantissa < (1 << 53), abs(exponent) <= 22 {
                let value = exponent >= 0 ? Double(mantissa) * powers[exponent] : Double(mantissa) / powers[-exponent]
                return sign == 0 ? value : -value
            }
        }
        // The decimal text, and the correctly rounded reading of it.
        var text = sign == 0 ? "" : "-"
        text += (0..<count).map { k in
            let group = String(int16(8 + 2 * k))
            return String(repeating: "0", count: 4 - group.count) + group
        }.joined()
        exponent = 4 * (weight - count + 1)
        return Double(text + "e" + String(exponent)) ?? .nan
    }
}
