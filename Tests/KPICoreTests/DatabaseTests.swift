import Dispatch
import Glibc
import Testing
@testable import KPICore
@testable import KPIRender

/// What a user sees around databases: errors that say what to do, passwords that never
/// persist, one query for a statement, Ctrl-C and lost connections that lose nothing.
@Suite("Databases: errors, secrets, cancelling")
struct DatabaseTests {
    static let enabled = DatabaseFixtures.postgresAvailable || DatabaseFixtures.required
    static var schema: String { DatabaseFixtures.schema }

    /// A session connected as `wh` to the test server (with `parameters` added to the address).
    static func connected(_ parameters: String = "", cancellation: CancellationFlag = CancellationFlag()) throws -> Recorder {
        let recorder = Recorder(cancellation: cancellation)
        try recorder.mustRun("connect wh \"\(try DatabaseFixtures.seededPostgres.get())\(parameters)\"")
        return recorder
    }

    static func sqlite() throws -> Recorder {
        let recorder = Recorder()
        try recorder.mustRun("connect shop \"\(try DatabaseFixtures.seededSQLite.get())\"")
        return recorder
    }

    @Test("an unknown table says which one was meant", .enabled(if: enabled))
    func unknownTable() throws {
        let error = try #require(try Self.connected().run("attach wh.\(Self.schema).evnts")?.error)
        #expect(error.message == "wh: wh has no table '\(Self.schema).evnts'")
        #expect(error.help == "did you mean '\(Self.schema).events'?")
        let sqlite = try #require(try Self.sqlite().run("load shop.marketin")?.error)
        #expect(sqlite.help == "did you mean 'marketing'?")
    }

    @Test("a query the server rejects shows its message, with the caret where it says", .enabled(if: enabled))
    func queryError() throws {
        let diagnostic = try #require(try Self.connected().run("load wh query \"select nope from \(Self.schema).events\" as x"))
        #expect(diagnostic.error.message == "wh: the database rejected the query: column \"nope\" does not exist")
        let lines = diagnostic.description.split(separator: "\n")
        let caret = try #require(lines.first { $0.contains("^") })
        let quoted = try #require(lines.first { $0.contains("load wh query") })
        #expect(quoted.distance(from: quoted.startIndex, to: quoted.firstRange(of: "nope")!.lowerBound)
                == caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!))
    }

    @Test("a column type kpi cannot map is named, with the cast that loads it", .enabled(if: enabled))
    func unmappable() throws {
        let recorder = try Self.connected()
        let error = try #require(recorder.run("load wh.\(Self.schema).blobs")?.error)
        #expect(error.message == "wh: column 'payload' has type bytea, which kpi cannot map")
        #expect(error.help?.contains("payload::text") == true)
        try recorder.mustRun("attach wh.\(Self.schema).blobs")
        let used = try #require(recorder.run("metric x = count(blobs.tags)")?.error)
        #expect(used.message == "wh: column 'tags' has type text[], which kpi cannot map")
        try recorder.mustRun("metric ids = count(blobs.id)")
    }

    @Test("a bigint past 2^53 becomes text, exactly, as an id column of a file does", .enabled(if: enabled))
    func bigIdentifiers() throws {
        let recorder = try Self.connected()
        try recorder.mustRun("load wh.\(Self.schema).big_ids")
        let table = try #require(recorder.session.workspace.table(named: "big_ids"))
        #expect(table.texts("id") == ["9007199254740993"])
    }

    @Test("a wrong password or a server that is down says what to check; the password shows as ***", .enabled(if: enabled))
    func connectionErrors() throws {
        let url = try DatabaseFixtures.seededPostgres.get()
        let secret = "not-the-password-\(getpid())"
        let withPassword = url.replacing("postgresql://kpi@", with: "postgresql://kpi:\(secret)@")
        let recorder = Recorder()
        let refused = try #require(recorder.run("connect wh \"\(withPassword)\""))
        #expect(refused.error.message.hasPrefix("wh: the server refused user 'kpi': password authentication failed"))
        #expect(refused.error.help == "check the user name, and the password in PGPASSWORD or ~/.pgpass (kpi never stores it)")
        #expect(!refused.description.contains(secret))
        #expect(refused.description.contains("kpi:***@"))
        #expect(recorder.session.entries.allSatisfy { !$0.text.contains(secret) })

        let down = try #require(recorder.run("connect db \"postgresql://kpi@127.0.0.1:1/shop\"")?.error)
        #expect(down.message == "db: cannot reach the PostgreSQL server at 127.0.0.1:1 (Connection refused)")
        #expect(down.help?.hasPrefix("check that the server runs and listens there") == true)
    }

    @Test("a password in the address is used, never recorded, and a saved session asks the environment")
    func passwordsNeverPersist() throws {
        #expect(Secrets.redacted(#"connect wh "postgresql://ana:s3cr%40t@db.example.com:5432/shop?sslmode=require""#)
                == #"connect wh "postgresql://ana:***@db.example.com:5432/shop?sslmode=require""#)
        #expect(Secrets.redacted("postgres://ana@host/db") == "postgres://ana@host/db")
        #expect(Secrets.redacted("connect wh \"host=db user=ana password=s3cret dbname=shop\"")
                == "connect wh \"host=db user=ana password=*** dbname=shop\"")
        #expect(Secrets.redacted("POSTGRESQL://a:b@c/d and postgresql://e:f@g/h") == "POSTGRESQL://a:***@c/d and postgresql://e:***@g/h")
        #expect(ConnectionTarget("postgresql://ana:s3cr%40t@db:5432/shop") == .postgres(address: "postgresql://ana@db:5432/shop",
                                                                                         password: "s3cr@t"))
        #expect(ConnectionTarget("postgresql://ana:***@db/shop") == .postgres(address: "postgresql://ana@db/shop", password: nil))
        #expect(ConnectionTarget("postgresql://ana:x@db/shop").redacted == "postgresql://ana:***@db/shop")
        #expect(ConnectionTarget("shop.sqlite") == .sqlite(path: "shop.sqlite"))
    }

    @Test("a saved session keeps connect without the password", .enabled(if: enabled))
    func savedSession() throws {
        let url = try DatabaseFixtures.seededPostgres.get()
        let password = try #require(DatabaseFixtures.environment("PGPASSWORD"))
        let recorder = Recorder()
        try recorder.mustRun("connect wh \"\(url.replacing("postgresql://kpi@", with: "postgresql://kpi:\(password)@"))\"")
        let path = Fixtures.temporary("", name: "session.kpi")
        try recorder.mustRun("attach wh.\(Self.schema).events as events\nmetric n = count(events)\nsave! \"\(path)\"")
        let saved = String(decoding: DatabaseFixtures.contents(path), as: UTF8.self)
        #expect(saved.contains("connect wh \"postgresql://kpi:***@"))
        #expect(!saved.contains(password))
        let replay = Recorder()
        try replay.mustRun("run \"\(path)\"\nshow n last 1 as csv")
        #expect(try replay.last(\.view).columns.count == 1)
    }

    @Test("--safe refuses connect")
    func safe() throws {
        let recorder = Recorder()
        recorder.session.safeMode = true
        let error = try #require(recorder.run("connect shop \"shop.sqlite\"")?.error)
        #expect(error.message == "connect is refused: this session replays a file with --safe, which may not reach the network")
    }

    @Test("every aggregate of a statement on one table is one query; explain NAME sql shows it", .enabled(if: enabled))
    func oneQuery() throws {
        let recorder = try Self.connected()
        try recorder.mustRun("""
            attach wh.\(Self.schema).events as events
            metric n = count(events)
            metric ads = sum(events.amount) where events.source == "ads"
            metric p90 = percentile(events.score, 90)
            metric share = ads / n
            """)
        let databases = recorder.session.workspace.databases
        let before = databases.sentCount
        try recorder.mustRun("show n, ads, p90, share by events.country last 3")
        #expect(databases.sentCount == before + 1)
        try recorder.mustRun("explain share sql")
        let text = OutputRenderer(style: .plain).render(try #require(recorder.outputs.last)) ?? ""
        #expect(text.hasPrefix("-- share on wh\nSELECT (date_trunc('month', \"day\")::date - DATE '1970-01-01'),"))
        #expect(text.contains("count(*)"))
        #expect(text.contains("sum(\"amount\") FILTER (WHERE (\"source\" COLLATE \"C\" = 'ads'))"))
        #expect(text.hasSuffix("FROM \"\(Self.schema)\".\"events\"\nGROUP BY 1;"))
    }

    @Test("a connection lost mid-session is an error for one statement; the next reconnects", .enabled(if: enabled))
    func lostConnection() throws {
        let name = "kpi_lost_\(getpid())"
        let recorder = try Self.connected("?application_name=\(name)")
        try recorder.mustRun("attach wh.\(Self.schema).events as events\nmetric n = count(events)\nlet x = 3")
        try DatabaseFixtures.administer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(name)'")
        let error = try #require(recorder.run("show n")?.error)
        #expect(error.message.hasPrefix("wh: the connection was lost"))
        #expect(error.help == "the next statement reconnects; the tables loaded and metrics defined are all still here")
        try recorder.mustRun("show n, x last 1")
        #expect(recorder.session.workspace.definitionNames == ["n", "x"])
    }

    @Test("Ctrl-C cancels a running query on the server (PostgreSQL) and changes nothing", .enabled(if: enabled))
    func cancelPostgres() throws {
        let flag = CancellationFlag()
        let recorder = try Self.connected(cancellation: flag)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.cancel() }
        let error = try #require(recorder.run("load wh query \"select pg_sleep(30)::text as slow\" as slow")?.error)
        #expect(error.message == "cancelled; nothing was changed")
        #expect(recorder.session.workspace.table(named: "slow") == nil)
    }

    @Test("Ctrl-C interrupts a running SQLite query")
    func cancelSQLite() throws {
        let flag = CancellationFlag()
        let recorder = Recorder(cancellation: flag)
        try recorder.mustRun("connect shop \"\(try DatabaseFixtures.seededSQLite.get())\"")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.cancel() }
        let query = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 5000000000) select sum(x) as s from c"
        let error = try #require(recorder.run("load shop query \"\(query)\" as slow")?.error)
        #expect(error.message == "cancelled; nothing was changed")
    }

    @Test("head and describe of an attached table read the database; disconnect keeps the definitions")
    func attachedTable() throws {
        let recorder = try Self.sqlite()
        try recorder.mustRun("attach shop.events\nhead events 3")
        let rows = try extract("rows", from: try #require(recorder.outputs.last)) { if case .rows(let r) = $0 { r } else { nil } }
        #expect(rows.rows.count == 3)
        #expect(rows.rows[0][0] == .number(900_000_000))
        try recorder.mustRun("describe events")
        let list = try extract("a table list", from: try #require(recorder.outputs.last)) {
            if case .remoteTables(let l) = $0 { l } else { nil }
        }
        #expect(list.relations.map(\.name) == ["events"])
        try recorder.mustRun("metric n = count(events)\ndisconnect shop")
        let error = try #require(recorder.run("show n")?.error)
        #expect(error.message == "there is no connection 'shop'")
        try recorder.mustRun("connect shop \"\(try DatabaseFixtures.seededSQLite.get())\"\nshow n last 1")
    }

    @Test("a SQLite file that is no database, or is missing, says so")
    func sqliteErrors() throws {
        let notDatabase = Fixtures.temporary("date,spend\n2026-01-01,3\n", name: "data.sqlite")
        let error = try #require(Recorder().run("connect shop \"\(notDatabase)\"")?.error)
        #expect(error.message == "shop: cannot open \(notDatabase) as a SQLite database: file is not a database")
        let missing = try #require(Recorder().run("connect shop \"/nonexistent/shop.sqlite\"")?.error)
        #expect(missing.message.contains("no such file"))
    }
}
