/// The statement catalogue: for each statement its family, syntax, help, examples,
/// completion and traits. Adding a statement starts here (docs/DESIGN.md, "Adding a
/// statement"); docs/LANGUAGE.md is checked against these entries by the tests.
extension StatementKind {
    public var entry: StatementEntry {
        switch self {
        case .load:
            StatementEntry(
                family: .data,
                usage: #"load "PATH" [as NAME] | load CONNECTION.TABLE [as NAME] | load CONNECTION query "SQL" as NAME"#,
                synopsis: #"load "FILE" [as NAME]"#,
                summary: "load a CSV, TSV or JSON Lines file (or a database's table or query) as a table",
                details: """
                    Reads a data file into a table. CSV, TSV and `;`-separated files (the
                    delimiter is detected), and JSON Lines (.jsonl: one object per line).
                    The table is named after the file (`Ads Report.csv` → ads_report) unless
                    you give a name with `as`. Loading a name again replaces that table.
                    Column types are inferred: number, date, datetime, text, bool, or null
                    when a column is empty. Headers become names: `New Customers` →
                    new_customers. Messy exports are fine: a BOM, CRLF line ends, quoted
                    fields with commas, quotes and line breaks, "$1,200.50", "12%" (→ 0.12),
                    and NA, N/A, null, - as empty values.
                    Ctrl-C cancels a long load and leaves everything as it was.
                    From a database (see connect), `load wh.orders` copies a table into memory
                    and `load wh query "select …" as NAME` the result of a query; column
                    types come from the database's declared types.
                    """,
                examples: [#"load "samples/marketing.csv""#, #"load "exports/Ads Report.csv" as ads"#, "load wh.orders",
                           #"load wh query "select * from orders where amount > 100" as big_orders"#],
                completion: .file(.data, then: ["as"]),
                traits: [.recorded, .undoable, .timed])
        case .tables:
            StatementEntry(
                family: .data,
                usage: "tables [CONNECTION]",
                summary: "list the loaded tables, or a database's tables",
                details: """
                    Lists the loaded tables: rows, columns, time column, format and file.
                    `tables CONNECTION` lists a database's tables and views with their
                    columns, the types kpi reads them as, and the database's row estimate.
                    """,
                examples: ["tables", "tables wh"],
                completion: .connection,
                traits: [.recorded, .timed, .view])
        case .connect:
            StatementEntry(
                family: .databases,
                usage: #"connect NAME "FILE.sqlite" | connect NAME "postgresql://USER@HOST:PORT/DATABASE""#,
                synopsis: #"connect NAME "shop.sqlite""#,
                summary: "connect to a SQLite file or a PostgreSQL server",
                details: """
                    Opens a SQLite file (read-only) or connects to a PostgreSQL server (or any
                    engine of its wire protocol) under a name. The password comes from
                    PGPASSWORD or ~/.pgpass; one written in the address is used for this
                    session only: the journal, the history, saved sessions and errors show
                    it as ***. Nothing kpi sends can change the data. --safe refuses it.
                    """,
                examples: [#"connect shop "shop.sqlite""#, #"connect wh "postgresql://analyst@127.0.0.1:5432/shop""#],
                completion: .file(.database, then: []),
                traits: [.recorded, .timed, .networked])
        case .attach:
            StatementEntry(
                family: .databases,
                usage: "attach CONNECTION.TABLE [as NAME]",
                summary: "use a database's table where it is: metrics on it run as SQL there",
                details: """
                    Makes a database's table usable by name without copying it: every
                    aggregate of a metric on it is computed by the database (sum, count, avg,
                    min, max, median, percentile, count_distinct, with where filters, at
                    every grain and by a column), all of a statement's aggregates of one table
                    in one GROUP BY query, and only the aggregates come back. Derived
                    metrics, series functions and scenarios are computed here on them, with
                    the same results as the same rows loaded from a file. `explain NAME sql`
                    shows the SQL.
                    """,
                examples: ["attach wh.events as events", "attach wh.public.orders"],
                completion: .connection,
                traits: [.recorded, .undoable, .timed])
        case .disconnect:
            StatementEntry(
                family: .databases,
                usage: "disconnect NAME",
                summary: "close a connection",
                details: """
                    Closes a connection. Tables loaded from it stay; attached tables stay
                    defined but cannot be computed until it is connected again.
                    """,
                examples: ["disconnect wh"],
                completion: .connection,
                traits: [.recorded, .timed])
        case .describe:
            StatementEntry(
                family: .data,
                usage: "describe TABLE",
                summary: "columns, types, nulls, min/max, distinct values, examples",
                details: """
                    One line per column: its name, the header as written in the file, type,
                    how many values are empty, the smallest and largest value, how many
                    distinct values there are, and a few examples.
                    """,
                examples: ["describe marketing"],
                completion: .table,
                traits: [.recorded, .timed, .view])
        case .head:
            StatementEntry(
                family: .data,
                usage: "head TABLE [N]",
                summary: "the first N rows (default 10)",
                details: """
                    Shows the first N rows of a table (10 if N is left out).
                    """,
                examples: ["head marketing 5"],
                completion: .table,
                traits: [.recorded, .timed, .view])
        case .time:
            StatementEntry(
                family: .data,
                usage: "time TABLE.COLUMN",
                summary: "choose the column that places rows in time",
                details: """
                    Chooses the date or datetime column that places a table's rows in time
                    (by default the first date column). `time TABLE` shows the current one.
                    """,
                examples: ["time marketing.date"],
                completion: .tableOrColumn,
                traits: [.recorded, .undoable, .timed])
        case .grain:
            StatementEntry(
                family: .data,
                usage: "grain day|week|month|quarter|year",
                summary: "the period metrics are computed per",
                details: """
                    The periods that metrics are computed per (month to begin with). Weeks are
                    ISO weeks (Monday to Sunday, written 2026-W05). `grain` alone shows it.
                    """,
                examples: ["grain week"],
                completion: .words(Grain.allCases.map(\.rawValue)),
                traits: [.recorded, .undoable, .timed])
        case .metric:
            StatementEntry(
                family: .metrics,
                usage: "metric NAME = EXPR [where COND] [as percent|number]",
                synopsis: "metric NAME = EXPR [where COND]",
                summary: "a KPI computed per period from data or other metrics",
                details: """
                    A series of values, one per period of the current grain. Aggregates read
                    table.column: sum count avg min max median percentile(x, 90)
                    count_distinct, and count(table) counts rows; periods without rows give 0
                    for sum and count and null (—) for the others. Combine metrics period by
                    period with + - * / ^ and the functions (help functions). A `where`
                    filters every aggregate of the metric: == != < <= > >=, in (…), and, or,
                    not, on text, numbers, dates (`day >= 2026-03`) and bools. Division by
                    zero gives null, never infinity. Redefining a name updates what uses it.
                    A metric that reads no table is a constant.
                    """,
                examples: ["metric spend = sum(marketing.spend)", #"metric search_leads = sum(marketing.leads) where marketing.channel == "search""#, "metric cac = spend / sum(marketing.new_customers)", "metric ctr = sum(marketing.clicks) / sum(marketing.impressions) as percent"],
                completion: .expression,
                traits: [.recorded, .undoable, .timed])
        case .`let`:
            StatementEntry(
                family: .metrics,
                usage: "let NAME = EXPR | let NAME = V [, V …] from PERIOD [to PERIOD] [growing RATE]",
                synopsis: "let NAME = EXPR",
                summary: "an assumption: a number, a path over time, or a figure taken from data",
                details: """
                    An assumption: one number that broadcasts into every period of the
                    metrics that use it. Write it (60k, 4%, 1.2M) or take it from data with a
                    reduction: latest, mean, total, min, max, each with `last N`. A path plans
                    it period by period: one value `growing` by a rate each period, or a list
                    of values, from a period (a year long unless `to` says otherwise); the
                    metrics that use it become series over those periods. An uncertain value
                    is a distribution, or `fit(x, last 12)`: normal or lognormal, whichever
                    fits x's recent values better.
                    """,
                examples: ["let budget = 60k", "let cpc = mean(spend / sum(marketing.clicks), last 3)",
                           "let monthly = 80k from 2026-11 growing 3%", "let monthly = 80k, 85k, 90k from 2026-11",
                           "let cpc = fit(spend / sum(marketing.clicks), last 12)"],
                completion: .expression,
                traits: [.recorded, .undoable, .timed])
        case .metrics:
            StatementEntry(
                family: .metrics,
                usage: "metrics",
                summary: "every metric and assumption: latest value and definition",
                details: """
                    Every metric and assumption in the order they were defined, with its
                    latest value (and the period it is from), its unit, and the definition as
                    typed; key KPIs are marked with *.
                    """,
                examples: ["metrics"],
                completion: .nothing,
                traits: [.recorded, .timed, .view])
        case .key:
            StatementEntry(
                family: .metrics,
                usage: "key A, B, …",
                synopsis: "key A, B",
                summary: "name the main KPIs (about 7 at most)",
                details: """
                    Names the main KPIs, the ones `summary` shows. Keep it to about 7: a short
                    list keeps attention on what decides success; the rest stay secondary.
                    """,
                examples: ["key cac, new_customers"],
                completion: .definitions,
                traits: [.recorded, .undoable, .timed])
        case .explain:
            StatementEntry(
                family: .metrics,
                usage: "explain NAME [sql] | explain forecast METRIC [method M]",
                synopsis: "explain NAME [sql]",
                summary: "a definition, what it reads and what uses it",
                details: """
                    The definition as typed, the columns it reads, the names it depends on,
                    what uses it, and its latest value. `explain NAME sql` shows the SQL that
                    computes it in the databases of attached tables. `explain forecast METRIC`
                    shows the model `forecast` uses (or the one `method` names), why, its
                    parameters, and its error on the last season when refitted without it.
                    """,
                examples: ["explain cac", "explain sessions sql", "explain forecast new_customers"],
                completion: .definition,
                traits: [.recorded, .timed, .view])
        case .drop:
            StatementEntry(
                family: .metrics,
                usage: "drop NAME",
                summary: "remove a metric, assumption, goal, objective or scenario nothing uses",
                details: """
                    Removes a metric, assumption, goal, objective or scenario; refused while
                    something else uses it (the error names what).
                    """,
                examples: ["drop search_leads"],
                completion: .droppable,
                traits: [.recorded, .undoable, .timed])
        case .show:
            StatementEntry(
                family: .metrics,
                usage: "show A, B [by [TABLE.]COLUMN] [from P] [to P] [last N] [as table|csv|json|markdown]",
                synopsis: "show A, B [by T.C] [last N] [as csv]",
                summary: "metrics per period (from/to/last; table, csv, json, markdown)",
                details: """
                    Metrics (or any expressions) per period. `by` breaks every metric down by a
                    text or bool column, computing derived metrics within each group: `by t.c`
                    splits table t, `by c` every table with a column c, and a note names any
                    table the metrics read that is not split. Periods
                    are written 2026-03, 2026-W05, 2026-Q1, 2026. csv and json print only data,
                    at full precision, with empty or null for missing values.
                    """,
                examples: ["show spend, cac last 6", "show cac by marketing.channel last 3", "show roas by channel last 3",
                           "show spend from 2025-01 to 2025-06 as csv"],
                completion: .view(clauses: ["by", "from", "to", "last", "as"]),
                traits: [.recorded, .timed, .view])
        case .chart:
            StatementEntry(
                family: .metrics,
                usage: "chart A [by [TABLE.]COLUMN] [from P] [to P] [last N] [with forecast [next N]]",
                synopsis: "chart A [by T.C] [last N]",
                summary: "a line chart of a metric, or bars by a column",
                details: """
                    A line chart of a metric across periods, drawn in the terminal; with `by`,
                    bars comparing the groups in the latest period. `with forecast` carries the
                    line on with `forecast`'s model and draws its 80% interval (one season
                    ahead, or `next N` periods).
                    """,
                examples: ["chart new_customers", "chart cac by marketing.channel", "chart new_customers with forecast next 6"],
                completion: .view(clauses: ["by", "from", "to", "last", "with"]),
                traits: [.recorded, .timed, .view])
        case .forecast:
            StatementEntry(
                family: .metrics,
                usage: "forecast METRIC [next N | to PERIOD] [level P%] [method auto|ets|theta|linear|naive] [as FORMAT]",
                synopsis: "forecast M next N",
                summary: "the next periods of a metric, with a prediction interval",
                details: """
                    Forecasts a metric after its last value: period, forecast and the low and
                    high ends of the prediction interval (80% by default). `auto` (the default)
                    fits exponential-smoothing models (additive or multiplicative error; no,
                    additive or damped trend; no, additive or multiplicative season of 12
                    months, 4 quarters, 52 weeks or 7 days, with two full seasons of history)
                    and takes the one with the lowest AICc; `theta` is the Theta method,
                    `linear` the straight line through the last 12 periods, `naive` the last
                    value. It says which model it used (`explain forecast METRIC` says more).
                    One season ahead by default.
                    """,
                examples: ["forecast new_customers next 6", "forecast cac to 2027-06 level 95%",
                           "forecast spend method theta as csv"],
                completion: .view(clauses: ["next", "to", "level", "method", "as"]),
                traits: [.recorded, .timed, .view])
        case .summary:
            StatementEntry(
                family: .metrics,
                usage: "summary",
                summary: "the key KPIs: latest value, change, trend",
                details: """
                    Each key KPI with its latest value, the change against the period before
                    and a sparkline of the last 12 periods.
                    """,
                examples: ["summary"],
                completion: .nothing,
                traits: [.recorded, .timed, .view])
        case .objective:
            StatementEntry(
                family: .goals,
                usage: #"objective NAME "TEXT""#,
                synopsis: #"objective NAME "TEXT""#,
                summary: "a business objective that goals serve",
                details: """
                    A business objective, the reason goals exist: business objective → SMART
                    marketing goal → KPI. Goals name it with `for NAME`.
                    """,
                examples: [#"objective grow "Increase the number of sales""#],
                completion: .nothing,
                traits: [.recorded, .undoable, .timed])
        case .goal:
            StatementEntry(
                family: .goals,
                usage: #"goal NAME: METRIC | total(METRIC) >= | <= | > | < TARGET by PERIOD [for OBJECTIVE] [weight W] ["description"]"#,
                synopsis: "goal NAME: M >= T by P for OBJ",
                summary: #"a SMART goal (or goal "text" as a draft)"#,
                details: """
                    A SMART goal: Specific (a defined metric), Measurable (it has values),
                    Achievable (where the target falls in the forecast at the deadline, and the
                    pace it needs against the pace on record), Relevant (it serves an
                    objective), Time-bound (a deadline after the latest data).
                    TARGET is a number (1200, 4%) or a change of the latest value (+20%, -10%).
                    The goal is judged on the metric in the period holding the deadline;
                    `total(METRIC)` adds the metric up over the deadline's period (a quarter of
                    months).
                    `goal "increase sales"` is accepted as a draft, and the check says what
                    it lacks.
                    """,
                examples: ["goal more_customers: new_customers >= 1200 by 2026-12 for grow weight 2", "goal cheaper: cac <= 40 by 2026-Q4 for grow",
                           "goal q4: total(new_customers) >= 3600 by 2026-Q4 for grow"],
                completion: .goal,
                traits: [.recorded, .undoable, .timed])
        case .goals:
            StatementEntry(
                family: .goals,
                usage: "goals",
                summary: "every goal: SMART check, status, forecast and P(met)",
                details: """
                    Every goal with a verdict per SMART letter (✓ ⚠ ✗ and why) and its status:
                    latest value, attainment, the forecast at the deadline (`forecast`'s model,
                    chosen by AICc) with P(met), the share of its distribution that meets the
                    target, and met / on track / at risk (forecast within 10%) / off track.
                    Achievable is ✓ when the target is inside the forecast's 80% interval at the
                    deadline or on its easy side, ⚠ inside the 95% interval, ✗ beyond; it also
                    gives the pace needed against the same months a season ago (for a seasonal
                    series) and against the changes on record: the best, the median, and how
                    often it was reached. Notes point out objectives without goals, key KPIs no
                    goal measures, and goals on metrics that are not key KPIs.
                    """,
                examples: ["goals"],
                completion: .nothing,
                traits: [.recorded, .timed, .view])
        case .plan:
            StatementEntry(
                family: .goals,
                usage: "plan METRIC = V1, V2, … from PERIOD",
                synopsis: "plan M = V, V from P",
                summary: "planned values (or line|growth to GOAL); show M vs plan",
                details: """
                    plan METRIC = line to GOAL | growth to GOAL
                    Planned values per period: listed, or from the latest value to a goal's
                    target in equal steps (line) or at a constant rate (growth). A goal without
                    a plan has the straight line. Compare with: show METRIC vs plan.
                    """,
                examples: ["plan new_customers = 1150, 1180, 1190, 1200 from 2026-09", "plan new_customers = growth to more_customers"],
                completion: .definitions,
                traits: [.recorded, .undoable, .timed])
        case .scorecard:
            StatementEntry(
                family: .goals,
                usage: "scorecard [OBJECTIVE] [as csv|json|markdown]",
                synopsis: "scorecard [OBJECTIVE]",
                summary: "plan vs actual, attainment, forecast, P(met), weighted score",
                details: """
                    Every goal (of one objective) with target, plan, actual, attainment, the
                    forecast at the deadline and P(met), weight and status, and the weighted
                    score: weights × attainment, each attainment capped at 150% so one runaway
                    goal cannot hide the others.
                    """,
                examples: ["scorecard", "scorecard grow as csv"],
                completion: .objective,
                traits: [.recorded, .timed, .view])
        case .catalog:
            StatementEntry(
                family: .goals,
                usage: "catalog [NAME]",
                summary: "standard marketing KPIs, ready to define",
                details: """
                    Standard marketing KPIs with meaning and formula. `catalog cac` writes the
                    metric statement for the loaded tables, or says which columns are missing.
                    """,
                examples: ["catalog", "catalog cac"],
                completion: .catalogEntry,
                traits: [.recorded, .timed, .view])
        case .scenario:
            StatementEntry(
                family: .whatIf,
                usage: "scenario NAME: X = EXPR, Y = EXPR",
                synopsis: "scenario NAME: X = EXPR, …",
                summary: "a what-if: assumptions or metrics replaced",
                details: """
                    Replaces assumptions or metrics; EXPR may read the base value of the name it
                    replaces (budget = budget * 1.2). `scenarios` lists them, `use NAME` makes
                    one active (the prompt shows it), `use base` returns, `drop NAME` removes one.
                    """,
                examples: ["scenario bigger: budget = budget * 1.2", "scenario cheap_clicks: cpc = 1.5, budget = 50k"],
                completion: .definitions,
                traits: [.recorded, .undoable, .timed])
        case .scenarios:
            StatementEntry(
                family: .whatIf,
                usage: "scenarios",
                summary: "list the scenarios and the one in use",
                details: """
                    Each scenario with its overrides as written; `*` marks the one `use` made
                    active.
                    """,
                examples: ["scenarios"],
                completion: .nothing,
                traits: [.recorded, .timed, .view])
        case .use:
            StatementEntry(
                family: .whatIf,
                usage: "use NAME | use base",
                summary: "evaluate everything under a scenario",
                details: """
                    Makes a scenario active: show, chart, summary, goals, scorecard and explain
                    evaluate under it, and the prompt shows it (kpi[bigger]>). `use base`
                    returns to the base case.
                    """,
                examples: ["use bigger", "use base"],
                completion: .scenario,
                traits: [.recorded, .undoable, .timed])
        case .compare:
            StatementEntry(
                family: .whatIf,
                usage: "compare base, S1, S2 on M1, M2 [at PERIOD | from PERIOD to PERIOD] [as csv|json|markdown]",
                synopsis: "compare base, S on M1, M2",
                summary: "metrics side by side per scenario, with changes",
                details: """
                    Rows are metrics, columns scenarios, with the change against the first
                    column; goals' verdicts per scenario underneath. Series are read at PERIOD,
                    by default their latest period with data. With `from … to …` the rows are
                    the periods and each metric has a column per scenario.
                    """,
                examples: ["compare base, bigger on planned_customers, cac",
                           "compare base, bigger on planned_customers from 2026-11 to 2027-06"],
                completion: .comparison,
                traits: [.recorded, .timed, .view])
        case .solve:
            StatementEntry(
                family: .whatIf,
                usage: "solve X for METRIC = TARGET | solve X for P(METRIC >= TARGET) = 80% [at PERIOD] [between LOW and HIGH] [runs N] [seed S] [as scenario NAME]",
                synopsis: "solve X for M = T",
                summary: "goal seek: the X that brings M to T, or gives P(M ≥ T) its chance",
                details: """
                    Goal seek on one assumption: brackets the answer and refines it with Brent's
                    method to a relative tolerance of 1e-9, then checks it. Says so when no value
                    in the range reaches the target, or when the metric does not depend on X.
                    METRIC may be total(M from P to Q). On a probability the model is simulated
                    (10,000 runs, seed 1 by default) with the same draws at every trial, and the
                    answer comes with the probability reached and its Monte Carlo standard
                    error. A path is solved for its first value, every period in proportion.
                    """,
                examples: ["solve budget for planned_customers = 1200",
                           "solve budget for P(planned_customers >= 1400) = 80% runs 20000 seed 3"],
                completion: .definitions,
                traits: [.recorded, .timed, .view])
        case .sensitivity:
            StatementEntry(
                family: .whatIf,
                usage: "sensitivity METRIC | total(METRIC from P to Q) [at PERIOD] to X, Y, Z [by 10%]",
                synopsis: "sensitivity M to X, Y by 10%",
                summary: "a tornado of which input matters most",
                details: """
                    Moves each input down and up by the step and draws the metric's range as a
                    tornado, the input that matters most first.
                    """,
                examples: ["sensitivity planned_customers to budget, cpc by 10%",
                           "sensitivity total(planned_customers from 2027-01 to 2027-06) to budget, cpc"],
                completion: .definitions,
                traits: [.recorded, .timed, .view])
        case .simulate:
            StatementEntry(
                family: .whatIf,
                usage: "simulate METRIC | total(METRIC from P to Q) [at PERIOD] [runs N] [seed S] [as csv|json|markdown]",
                synopsis: "simulate M runs N seed S",
                summary: "Monte Carlo over uncertain assumptions",
                details: """
                    Monte Carlo: uncertain assumptions (let x = normal(mean, sd), uniform(a, b),
                    triangular(a, mode, b), lognormal(mu, sigma), between(a, b) — a 90% range)
                    are drawn N times (10,000 by default) and the model is evaluated once per
                    node over all draws. Prints mean, sd, percentiles, a histogram and the
                    probability each goal on the metric is met. The same seed gives the same
                    numbers (seed 1 by default); show and compare use the means. An uncertain
                    input is one draw per run, the same in every period; a total adds each
                    run's periods. Correlated inputs (correlate) are drawn together and the
                    rank correlations they reached are shown. As csv, json or markdown: every
                    run's draws of the inputs and the metric.
                    """,
                examples: ["simulate planned_customers runs 10000 seed 1",
                           "simulate total(planned_customers from 2027-01 to 2027-06) runs 100000"],
                completion: .definitions,
                traits: [.recorded, .timed, .view])
        case .correlate:
            StatementEntry(
                family: .whatIf,
                usage: "correlate X, Y RANK",
                synopsis: "correlate X, Y -0.5",
                summary: "make two uncertain inputs move together in simulate",
                details: """
                    Sets the rank (Spearman) correlation of two uncertain assumptions, from -1
                    to 1, each keeping its own distribution (a Gaussian copula); 0 removes it.
                    A set of correlations no inputs can have (a matrix that is not positive
                    semi-definite) is refused, naming the inputs.
                    """,
                examples: ["correlate cpc, close_rate -0.5"],
                completion: .definitions,
                traits: [.recorded, .undoable, .timed])
        case .correlations:
            StatementEntry(
                family: .whatIf,
                usage: "correlations",
                summary: "the rank correlations between uncertain inputs",
                details: """
                    Every pair correlate set, with its rank correlation.
                    """,
                examples: ["correlations"],
                completion: .nothing,
                traits: [.recorded, .timed, .view])
        case .run:
            StatementEntry(
                family: .notebook,
                usage: #"run "FILE""#,
                synopsis: #"run "FILE""#,
                summary: "run a script into this session",
                details: """
                    Runs the statements of a script into this session; it stops at the first
                    error and says where (file:line:column). Paths in the script are read
                    from the current directory, or else next to the script.
                    """,
                examples: [#"run "sessions/tour.kpi""#],
                completion: .file(.script, then: ["with"]),
                traits: [.recorded, .undoable, .timed])
        case .save:
            StatementEntry(
                family: .notebook,
                usage: #"save "FILE" [with output]"#,
                synopsis: #"save[!] "FILE" [with output]"#,
                summary: "save this session as a script (with each result as #> lines)",
                details: """
                    Writes the statements of this session that succeeded (and the comments typed)
                    as a script that replays to the same results (`kpi FILE`, `run "FILE"`,
                    `kpi replay FILE --step`). `with output` records each result below its
                    statement as `#> ` lines; `kpi check FILE` re-runs it and shows a diff for
                    anything that changed, `kpi check --update FILE` records the new output.
                    An existing file is replaced only after you confirm, or with `save!`.
                    Statements about the shell itself (help, history, timer, save) are left out.
                    """,
                examples: [#"save "sessions/my-analysis.kpi""#, #"save! "sessions/my-analysis.kpi" with output"#],
                completion: .file(.script, then: ["with"]),
                traits: [.timed, .writesFiles])
        case .export:
            StatementEntry(
                family: .notebook,
                usage: #"export "report.html" | export "report.md""#,
                synopsis: #"export "report.html|md""#,
                summary: "the session as a report with tables and charts",
                details: """
                    The session as a report: statements, comments as narration, result tables,
                    and charts as SVG — inline in the HTML page (which needs no network), in a
                    report_files/ folder beside the Markdown; a chart with forecast has its
                    forecast dashed and its 80% interval shaded.
                    """,
                examples: [#"export "report.html""#, #"export "report.md""#],
                completion: .file(.report, then: []),
                traits: [.timed, .writesFiles])
        case .undo:
            StatementEntry(
                family: .notebook,
                usage: "undo",
                summary: "revert the last change",
                details: """
                    Reverts the last statement that changed the workspace (a definition, load,
                    scenario …); `save` then leaves it out. `reset` empties the workspace, and
                    undo brings it back.
                    """,
                examples: ["undo"],
                completion: .nothing,
                traits: [.timed])
        case .reset:
            StatementEntry(
                family: .notebook,
                usage: "reset",
                summary: "empty the workspace (undo brings it back)",
                details: """
                    Empties the workspace: tables, metrics, goals, scenarios. `undo` brings it back.
                    """,
                examples: ["reset"],
                completion: .nothing,
                traits: [.timed])
        case .history:
            StatementEntry(
                family: .shell,
                usage: "history",
                summary: "the statements typed so far",
                details: """
                    The statements typed in this session, numbered. Up and down arrows recall
                    them at the prompt, Ctrl-R searches them; the history is kept across runs.
                    """,
                examples: ["history"],
                completion: .nothing,
                traits: [.timed, .view])
        case .help:
            StatementEntry(
                family: .shell,
                usage: "help [TOPIC]",
                summary: "this overview, or one topic",
                details: """
                    Without a topic, every statement in a line. A topic is a statement's
                    keyword, or one of: functions, keys, syntax, replay.
                    """,
                examples: ["help", "help load"],
                completion: .helpTopic,
                traits: [.timed, .view])
        case .timer:
            StatementEntry(
                family: .shell,
                usage: "timer on|off",
                summary: "print how long each statement takes",
                details: """
                    With the timer on, each statement's wall time is printed after it. The
                    timer is never saved in a session.
                    """,
                examples: ["timer on"],
                completion: .words(["on", "off"]),
                traits: [])
        case .quit:
            StatementEntry(
                family: .shell,
                usage: "quit",
                summary: "leave (Ctrl-D does too)",
                details: """
                    Leaves kpi (so do `exit` and Ctrl-D). Everything you ran is already in the
                    journal in ~/.local/state/kpi/journal.
                    """,
                examples: ["quit", "exit"],
                aliases: ["exit"],
                completion: .nothing,
                traits: [.timed])
        case .comment:
            StatementEntry(
                family: .notebook,
                usage: "# TEXT",
                summary: "narration, kept in saved sessions and shown by replay",
                details: """
                    A line starting with # is a comment. On a line of its own it is narration:
                    save keeps it, kpi replay --step shows it before the statements it precedes.
                    """,
                examples: ["# acquisition costs by channel"],
                completion: .nothing,
                traits: [.recorded])
        }
    }
}
