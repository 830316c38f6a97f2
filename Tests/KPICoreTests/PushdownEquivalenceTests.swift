import Testing
@testable import KPICore
@testable import KPIRender

/// Every metric form on a database table (attached, so computed there as SQL, or loaded
/// from it) must print exactly what the same rows loaded from a CSV file print: the same
/// numbers to the last digit, the same periods, groups and nulls.
@Suite("Databases give the results of the same rows in memory")
struct PushdownEquivalenceTests {
    enum Source: String, CaseIterable, CustomTestStringConvertible {
        case postgresAttached, postgresLoaded, sqliteAttached, sqliteLoaded

        var testDescription: String { rawValue }
        static let postgres: [Source] = [.postgresAttached, .postgresLoaded]
        static let sqlite: [Source] = [.sqliteAttached, .sqliteLoaded]
        /// SQLite always; PostgreSQL when a test server runs, and always in CI (where a
        /// missing server then fails the tests instead of skipping them).
        static let available: [Source] = sqlite + (DatabaseFixtures.postgresAvailable || DatabaseFixtures.required ? postgres : [])

        /// The statements that connect and bring `tables` in under their own names.
        func bring(_ tables: [String]) throws -> String {
            switch self {
            case .postgresAttached, .postgresLoaded:
                let url = try DatabaseFixtures.seededPostgres.get()
                let verb = self == .postgresAttached ? "attach" : "load"
                return "connect wh \"\(url)\"\n"
                    + tables.map { "\(verb) wh.\(DatabaseFixtures.schema).\($0) as \($0)" }.joined(separator: "\n")
            case .sqliteAttached, .sqliteLoaded:
                let path = try DatabaseFixtures.seededSQLite.get()
                let verb = self == .sqliteAttached ? "attach" : "load"
                return "connect shop \"\(path)\"\n" + tables.map { "\(verb) shop.\($0)" }.joined(separator: "\n")
            }
        }
    }

    static func csvLoads(_ tables: [String]) -> String {
        tables.map { name in
            "load \"\(DatabaseFixtures.tables.first { $0.name == name }!.csv)\" as \(name)"
        }.joined(separator: "\n")
    }

    /// Every aggregate, filter and expression form on `events`, with nulls in every column.
    static let eventMetrics = """
        metric n = count(events)
        metric n_source = count(events.source)
        metric n_day = count(events.day)
        metric countries = count_distinct(events.country)
        metric distinct_qty = count_distinct(events.qty)
        metric amount = sum(events.amount)
        metric score = sum(events.score)
        metric avg_amount = avg(events.amount)
        metric avg_score = avg(events.score)
        metric low = min(events.score)
        metric high = max(events.amount)
        metric median_score = median(events.score)
        metric p90 = percentile(events.amount, 90)
        metric p25 = percentile(events.qty, 25%)
        metric ads = count(events) where events.source == "ads"
        metric not_ads = sum(events.amount) where events.source != "ads"
        metric converted = count(events) where events.converted
        metric unconverted = sum(events.qty) where not events.converted
        metric said_no = count(events) where events.converted == false
        metric product = sum(events.amount * events.qty)
        metric per_unit = sum(events.amount / events.qty)
        metric minus = sum(-events.score + 1)
        metric ads_qty = sum(events.qty * (events.source == "ads"))
        metric listed = count(events) where events.country in ("de", "fr") and events.amount > 100
        metric unlisted = sum(events.score) where events.country not in ("us") or events.qty <= 2
        metric since = count(events) where events.day >= 2025-07
        metric march = sum(events.amount) where events.day == 2025-03
        metric early = count(events) where events.at < 2026
        metric text_order = count(events) where events.source < "f"
        metric share = ads / n
        metric grow = growth(amount)
        metric running = cumulative(n)
        metric smooth = rolling(amount, 3)
        metric last_month = prev(amount)
        """

    static let eventNames = "n, n_source, n_day, countries, distinct_qty, amount, score, avg_amount, avg_score, low, high, "
        + "median_score, p90, p25, ads, not_ads, converted, unconverted, said_no, product, per_unit, minus, ads_qty, listed, "
        + "unlisted, since, march, early, text_order, share, grow, running, smooth, last_month"

    /// The CSV `show` prints for each of `shows`, after `setup`.
    static func outputs(_ setup: String, _ shows: [String]) throws -> [String] {
        let recorder = Recorder()
        try recorder.mustRun(setup)
        return try shows.map { show in
            try recorder.mustRun(show)
            return MetricRenderer(style: .plain).view(try recorder.last(\.view))
        }
    }

    static func expectSame(_ source: Source, tables: [String], metrics: String, shows: [String]) throws {
        let expected = try outputs(csvLoads(tables) + "\n" + metrics, shows)
        let actual = try outputs(try source.bring(tables) + "\n" + metrics, shows)
        for (index, show) in shows.enumerated() {
            #expect(actual[index] == expected[index], "\(source): \(show)")
        }
        #expect(expected.allSatisfy { $0.split(separator: "\n").count > 1 }, "every view has rows")
    }

    static func eventShows(grain: Grain) -> [String] {
        ["grain \(grain.rawValue)\nshow \(eventNames) as csv",
         "show \(eventNames) by events.source as csv",
         "show n, amount, avg_score, p90, median_score, converted by events.converted as csv",
         "show n, countries, amount, share by country as csv"]
    }

    @Test("a PostgreSQL server to test against (make test starts one)",
          .enabled(if: DatabaseFixtures.postgresAvailable || DatabaseFixtures.required, "no KPI_TEST_PG: run make test"))
    func server() throws {
        #expect(try DatabaseFixtures.seededPostgres.get().hasPrefix("postgresql://"))
    }

    @Test("events: every aggregate, filter and null at every grain", arguments: Source.available, Grain.allCases)
    func events(source: Source, grain: Grain) throws {
        try Self.expectSame(source, tables: ["events"], metrics: Self.eventMetrics, shows: Self.eventShows(grain: grain))
    }

    /// A timestamptz as the time column (offsets place rows on their UTC day), and a
    /// timestamp without zone in the tickets.
    static let timestampShows = [
        "time events.at\ngrain day\nshow n, amount, p90 as csv", "grain week\nshow n, amount, converted by events.source as csv",
        "grain month\nshow \(eventNames) as csv", "grain quarter\nshow n, median_score as csv",
        "time tickets.resolved_at\ngrain month\nshow tickets_n, hours, median_hours, satisfied by tickets.channel as csv",
        "grain week\nshow tickets_n, hours, slow as csv",
    ]

    static let ticketMetrics = """
        metric tickets_n = count(tickets)
        metric hours = avg(tickets.resolution_hours)
        metric median_hours = median(tickets.resolution_hours)
        metric satisfied = count(tickets) where tickets.satisfaction >= 4
        metric slow = sum(tickets.resolution_hours) where tickets.category == "returns" and tickets.resolution_hours > 24
        """

    @Test("datetime time columns, with and without zones", arguments: Source.available)
    func timestamps(source: Source) throws {
        try Self.expectSame(source, tables: ["events", "tickets"], metrics: Self.eventMetrics + "\n" + Self.ticketMetrics,
                            shows: Self.timestampShows)
    }

    static let marketingMetrics = """
        metric spend = sum(marketing.spend)
        metric customers = sum(marketing.new_customers)
        metric cac = spend / customers
        metric ctr = sum(marketing.clicks) / sum(marketing.impressions)
        metric roas = sum(marketing.revenue) / spend
        metric search_leads = sum(marketing.leads) where marketing.channel == "search"
        metric budget = sum(targets.target)
        metric budget_used = spend / budget
        let fixed = 1000
        metric per_fixed = customers / fixed
        """

    @Test("marketing: derived metrics, a table without dates, conformed dimensions", arguments: Source.available)
    func marketing(source: Source) throws {
        try Self.expectSame(source, tables: ["marketing", "targets"], metrics: Self.marketingMetrics, shows: [
            "show spend, customers, cac, ctr, roas, search_leads, budget_used, per_fixed as csv",
            "show spend, cac, roas by channel last 6 as csv",
            "show cac, ctr by marketing.region from 2025-01 to 2025-06 as json",
            "grain quarter\nshow cac, search_leads by channel as markdown",
            "grain year\nshow spend, cac as csv",
        ])
    }
}
