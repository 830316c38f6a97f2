/// The text of `help` and `help TOPIC`.
public enum HelpTopics {
    /// One line per statement for the overview.
    static let overview: [(String, String)] = [
        ("load \"FILE\" [as NAME]", "load a CSV, TSV or JSON Lines file as a table"),
        ("tables", "list the loaded tables"),
        ("describe TABLE", "columns, types, nulls, min/max, distinct values, examples"),
        ("head TABLE [N]", "the first N rows (default 10)"),
        ("time TABLE.COLUMN", "choose the column that places rows in time"),
        ("grain day|week|month|quarter|year", "the period metrics are computed per"),
        ("metric NAME = EXPR [where COND]", "a KPI computed per period from data or other metrics"),
        ("let NAME = EXPR", "an assumption: a number, or a figure taken from data"),
        ("show A, B [by T.C] [last N] [as csv]", "metrics per period (from/to/last; table, csv, json, markdown)"),
        ("chart A [by T.C] [last N]", "a line chart of a metric, or bars by a column"),
        ("key A, B", "name the main KPIs (about 7 at most)"),
        ("summary", "the key KPIs: latest value, change, trend"),
        ("explain NAME", "a definition, what it reads and what uses it"),
        ("drop NAME", "remove a metric or assumption nothing uses"),
        ("objective NAME \"TEXT\"", "a business objective that goals serve"),
        ("goal NAME: M >= T by P for OBJ", "a SMART goal (or goal \"text\" as a draft)"),
        ("goals", "every goal: SMART check, status, forecast"),
        ("plan M = V, V from P", "planned values (or line|growth to GOAL); show M vs plan"),
        ("scorecard [OBJECTIVE]", "plan vs actual, attainment, weighted score"),
        ("catalog [NAME]", "standard marketing KPIs, ready to define"),
        ("scenario NAME: X = EXPR, …", "a what-if: assumptions or metrics replaced"),
        ("use NAME | use base", "evaluate everything under a scenario"),
        ("compare base, S on M1, M2", "metrics side by side per scenario, with changes"),
        ("solve X for M = T", "goal seek: the X that brings M to T"),
        ("sensitivity M to X, Y by 10%", "a tornado of which input matters most"),
        ("simulate M runs N seed S", "Monte Carlo over uncertain assumptions"),
        ("run \"FILE\"", "run a script into this session"),
        ("save[!] \"FILE\" [with output]", "save this session as a script (with each result as #> lines)"),
        ("export \"report.html|md\"", "the session as a report with tables and charts"),
        ("undo · reset", "revert the last change · empty the workspace"),
        ("history", "the statements typed so far"),
        ("timer on|off", "print how long each statement takes"),
        ("help [TOPIC]", "this overview, or one topic"),
        ("quit", "leave (Ctrl-D does too)"),
    ]

    static let topics: [String: String] = [
        "load": """
            load "PATH" [as NAME]
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
            examples:
              load "samples/marketing.csv"
              load "exports/Ads Report.csv" as ads
            """,
        "metric": """
            metric NAME = EXPR [where COND] [as percent|number]
              A series of values, one per period of the current grain. Aggregates read
              table.column: sum count avg min max median percentile(x, 90)
              count_distinct, and count(table) counts rows; periods without rows give 0
              for sum and count and null (—) for the others. Combine metrics period by
              period with + - * / ^ and the functions (help functions). A `where`
              filters every aggregate of the metric: == != < <= > >=, in (…), and, or,
              not, on text, numbers, dates (`day >= 2026-03`) and bools. Division by
              zero gives null, never infinity. Redefining a name updates what uses it.
              A metric that reads no table is a constant.
            examples:
              metric spend = sum(marketing.spend)
              metric search_leads = sum(marketing.leads) where marketing.channel == "search"
              metric cac = spend / sum(marketing.new_customers)
              metric ctr = sum(marketing.clicks) / sum(marketing.impressions) as percent
            """,
        "let": """
            let NAME = EXPR
              An assumption: one number that broadcasts into every period of the
              metrics that use it. Write it (60k, 4%, 1.2M) or take it from data with a
              reduction: latest, mean, total, min, max, each with `last N`.
            examples:
              let budget = 60k
              let cpc = mean(spend / sum(marketing.clicks), last 3)
            """,
        "functions": """
            functions
              aggregates  sum(t.c) count(t) count(t.c) avg min max median
                          percentile(t.c, 90) count_distinct(t.c)
              series      prev(x) prev(x, n) growth(x) cumulative(x) rolling(x, n)
              reductions  latest(x) mean(x) total(x) min(x) max(x), each with `last N`:
                          mean(cpc, last 3)
              others      round(x) round(x, 2) abs(x) min(a, b) max(a, b) if(cond, a, b)
            """,
        "show": """
            show A, B [by TABLE.COLUMN] [from P] [to P] [last N] [as table|csv|json|markdown]
              Metrics (or any expressions) per period. `by` breaks every metric down by a
              text or bool column, computing derived metrics within each group. Periods
              are written 2026-03, 2026-W05, 2026-Q1, 2026. csv and json print only data,
              at full precision, with empty or null for missing values.
            examples:
              show spend, cac last 6
              show cac by marketing.channel last 3
              show spend from 2025-01 to 2025-06 as csv
            """,
        "chart": """
            chart A [by TABLE.COLUMN] [from P] [to P] [last N]
              A line chart of a metric across periods, drawn in the terminal; with `by`,
              bars comparing the groups in the latest period.
            examples:
              chart new_customers
              chart cac by marketing.channel
            """,
        "key": """
            key A, B, …
              Names the main KPIs, the ones `summary` shows. Keep it to about 7: a short
              list keeps attention on what decides success; the rest stay secondary.
            """,
        "summary": """
            summary
              Each key KPI with its latest value, the change against the period before
              and a sparkline of the last 12 periods.
            """,
        "explain": """
            explain NAME
              The definition as typed, the columns it reads, the names it depends on,
              what uses it, and its latest value.
            """,
        "drop": """
            drop NAME
              Removes a metric or assumption; refused while another definition uses it.
            """,
        "objective": """
            objective NAME "TEXT"
              A business objective, the reason goals exist: business objective → SMART
              marketing goal → KPI. Goals name it with `for NAME`.
            example:
              objective grow "Increase the number of sales"
            """,
        "goal": """
            goal NAME: METRIC >= | <= | > | < TARGET by PERIOD [for OBJECTIVE] [weight W] ["description"]
              A SMART goal: Specific (a defined metric), Measurable (it has values),
              Achievable (the pace it needs against the pace on record), Relevant (it
              serves an objective), Time-bound (a deadline after the latest data).
              TARGET is a number (1200, 4%) or a change of the latest value (+20%, -10%).
              The goal is judged on the metric in the period holding the deadline.
              `goal "increase sales"` is accepted as a draft, and the check says what
              it lacks.
            examples:
              goal more_customers: new_customers >= 1200 by 2026-12 for grow weight 2
              goal cheaper: cac <= 40 by 2026-Q4 for grow
            """,
        "goals": """
            goals
              Every goal with a verdict per SMART letter (✓ ⚠ ✗ and why) and its status:
              latest value, attainment, forecasts at the deadline (a linear trend over the
              last 12 periods, and the average growth rate), and met / on track / at risk
              (forecast within 10%) / off track. Notes point out objectives without goals,
              key KPIs no goal measures, and goals on metrics that are not key KPIs.
            """,
        "plan": """
            plan METRIC = V1, V2, … from PERIOD
            plan METRIC = line to GOAL | growth to GOAL
              Planned values per period: listed, or from the latest value to a goal's
              target in equal steps (line) or at a constant rate (growth). A goal without
              a plan has the straight line. Compare with: show METRIC vs plan.
            """,
        "scorecard": """
            scorecard [OBJECTIVE] [as csv|json|markdown]
              Every goal (of one objective) with target, plan, actual, attainment,
              weight and status, and the weighted score: weights × attainment, each
              attainment capped at 150% so one runaway goal cannot hide the others.
            """,
        "catalog": """
            catalog [NAME]
              Standard marketing KPIs with meaning and formula. `catalog cac` writes the
              metric statement for the loaded tables, or says which columns are missing.
            """,
        "scenario": """
            scenario NAME: X = EXPR, Y = EXPR
              Replaces assumptions or metrics; EXPR may read the base value of the name it
              replaces (budget = budget * 1.2). `scenarios` lists them, `use NAME` makes
              one active (the prompt shows it), `use base` returns, `drop NAME` removes one.
            examples:
              scenario bigger: budget = budget * 1.2
              scenario cheap_clicks: cpc = 1.5, budget = 50k
            """,
        "compare": """
            compare base, S1, S2 on M1, M2 [at PERIOD] [as csv|json|markdown]
              Rows are metrics, columns scenarios, with the change against the first
              column; goals' verdicts per scenario underneath. Series are read at PERIOD,
              by default their latest period with data.
            """,
        "solve": """
            solve X for METRIC = TARGET [at PERIOD] [between LOW and HIGH] [as scenario NAME]
              Goal seek on one assumption: brackets the answer and refines it with Brent's
              method to a relative tolerance of 1e-9, then checks it. Says so when no value
              in the range reaches the target, or when the metric does not depend on X.
            example:
              solve budget for planned_customers = 1200
            """,
        "sensitivity": """
            sensitivity METRIC [at PERIOD] to X, Y, Z [by 10%]
              Moves each input down and up by the step and draws the metric's range as a
              tornado, the input that matters most first.
            """,
        "simulate": """
            simulate METRIC [at PERIOD] [runs N] [seed S]
              Monte Carlo: uncertain assumptions (let x = normal(mean, sd), uniform(a, b),
              triangular(a, mode, b), lognormal(mu, sigma), between(a, b) — a 90% range)
              are drawn N times (10,000 by default) and the model is evaluated once per
              node over all draws. Prints mean, sd, percentiles, a histogram and the
              probability each goal on the metric is met. The same seed gives the same
              numbers (seed 1 by default); show and compare use the means.
            """,
        "tables": """
            tables
              Lists the loaded tables: rows, columns, time column, format and file.
            """,
        "describe": """
            describe TABLE
              One line per column: its name, the header as written in the file, type,
              how many values are empty, the smallest and largest value, how many
              distinct values there are, and a few examples.
            example:
              describe marketing
            """,
        "head": """
            head TABLE [N]
              Shows the first N rows of a table (10 if N is left out).
            example:
              head marketing 5
            """,
        "time": """
            time TABLE.COLUMN
              Chooses the date or datetime column that places a table's rows in time
              (by default the first date column). `time TABLE` shows the current one.
            example:
              time marketing.date
            """,
        "grain": """
            grain day|week|month|quarter|year
              The periods that metrics are computed per (month to begin with). Weeks are
              ISO weeks (Monday to Sunday, written 2026-W05). `grain` alone shows it.
            example:
              grain week
            """,
        "run": """
            run "FILE"
              Runs the statements of a script into this session; it stops at the first
              error and says where (file:line:column). Paths in the script are read
              from the current directory, or else next to the script.
            example:
              run "sessions/tour.kpi"
            """,
        "save": """
            save "FILE" [with output]
              Writes the statements of this session that succeeded (and the comments typed)
              as a script that replays to the same results (`kpi FILE`, `run "FILE"`,
              `kpi replay FILE --step`). `with output` records each result below its
              statement as `#> ` lines; `kpi check FILE` re-runs it and shows a diff for
              anything that changed, `kpi check --update FILE` records the new output.
              An existing file is replaced only after you confirm, or with `save!`.
              Statements about the shell itself (help, history, timer, save) are left out.
            examples:
              save "sessions/my-analysis.kpi"
              save! "sessions/my-analysis.kpi" with output
            """,
        "export": """
            export "report.html" | export "report.md"
              The session as a report: statements, comments as narration, result tables,
              and charts as SVG — inline in the HTML page (which needs no network), in a
              report_files/ folder beside the Markdown.
            """,
        "undo": """
            undo
              Reverts the last statement that changed the workspace (a definition, load,
              scenario …); `save` then leaves it out. `reset` empties the workspace, and
              undo brings it back.
            """,
        "reset": """
            reset
              Empties the workspace: tables, metrics, goals, scenarios. `undo` brings it back.
            """,
        "replay": """
            kpi replay FILE --step        (on the command line)
              Shows each statement as if typed, with its comments as narration: Enter runs
              it, s skips it, q stops and leaves you in the shell with what ran so far.
              --delay MS plays it through unattended. Other command-line helpers:
              kpi check FILE, kpi FILE --set budget=70k, kpi --safe FILE, kpi --recover.
            """,
        "history": """
            history
              The statements typed in this session, numbered. Up and down arrows recall
              them at the prompt, Ctrl-R searches them; the history is kept across runs.
            """,
        "timer": """
            timer on|off
              With the timer on, each statement's wall time is printed after it. The
              timer is never saved in a session.
            """,
        "quit": """
            quit
              Leaves kpi (so do `exit` and Ctrl-D). Everything you ran is already in the
              journal in ~/.local/state/kpi/journal.
            """,
        "keys": """
            keys at the prompt
              Tab            complete keywords, table and column names, file paths in quotes
              Up / Down      recall earlier statements (multi-line ones come back whole)
              Ctrl-R         search the history
              Ctrl-C         clear the line; during a long load, cancel it
              Ctrl-D         leave (on an empty line)
              A line that ends in an operator, a comma or an open bracket continues on
              the next line under a `...>` prompt.
            """,
        "syntax": """
            the language
              One statement per line, or several separated by `;`. `#` starts a comment.
              Numbers: 1200, 1_200, 3.5, 50k, 1.2M, 4% (= 0.04).
              Strings: "search".  Periods: 2026-03-15, 2026-W05, 2026-03, 2026-Q1, 2026.
              Names are snake_case; columns are written table.column.
            """,
    ]

    /// The overview, with the statements aligned.
    public static var overviewText: String {
        let width = overview.map(\.0.count).max() ?? 0
        var lines = ["Statements:"]
        for (usage, meaning) in overview {
            lines.append("  " + usage + String(repeating: " ", count: width - usage.count + 2) + meaning)
        }
        lines.append("")
        lines.append("More: help TOPIC (a statement, or functions, keys, syntax). Data to try: load \"samples/marketing.csv\"")
        return lines.joined(separator: "\n")
    }

    /// Topic names, for completion and "did you mean".
    public static var names: [String] { topics.keys.sorted() }

    static func text(for topic: String) -> String? {
        topics[topic == "exit" ? "quit" : topic]
    }
}
