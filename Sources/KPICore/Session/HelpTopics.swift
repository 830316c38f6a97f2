/// The text of `help` and `help TOPIC`: the statements' pages come from the
/// catalogue (StatementKind.entry); the topics that are no statement live here.
public enum HelpTopics {
    /// Pages that are not statements.
    static let extraTopics: [String: String] = [
        "functions": """
            functions
              aggregates  sum(t.c) count(t) count(t.c) avg min max median
                          percentile(t.c, 90) count_distinct(t.c)
              series      prev(x) prev(x, n) growth(x) cumulative(x) rolling(x, n)
              reductions  latest(x) mean(x) total(x) min(x) max(x), each with `last N`
                          (mean(cpc, last 3)) or periods (total(x from 2027-01 to 2027-03))
              others      round(x) round(x, 2) abs(x) min(a, b) max(a, b) if(cond, a, b)
              uncertain   normal(mean, sd) uniform(low, high) triangular(low, mode, high)
                          lognormal(mu, sigma) between(low, high) fit(x, last 12)
            """,
        "replay": """
            kpi replay FILE --step        (on the command line)
              Shows each statement as if typed, with its comments as narration: Enter runs
              it, s skips it, q stops and leaves you in the shell with what ran so far.
              --delay MS plays it through unattended. Other command-line helpers:
              kpi check FILE, kpi FILE --set budget=70k, kpi --safe FILE, kpi --recover.
            """,
        "lessons": """
            kpi lesson FILE               (on the command line)
              A lesson: narration, statements it runs, and exercises you answer by typing
              statements. After each one the exercise's checks run: ✓, or what is still
              wrong. Alone on a line: hint, solution, skip, progress, task, quit. Progress
              is saved and the lesson resumes where you left it (--restart starts over,
              --progress FILE keeps it in FILE for the trainer). kpi lesson check FILE
              checks a lesson you wrote; kpi lesson report FOLDER sums up a class.
              Lessons to try: sessions/lessons/.
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

    /// The overview: one line per statement, aligned.
    public static var overviewText: String {
        let rows = StatementKind.keyworded.map { ($0.entry.synopsis, $0.entry.summary) }
        let width = rows.map(\.0.count).max() ?? 0
        var lines = ["Statements:"]
        for (usage, meaning) in rows {
            lines.append("  " + usage + String(repeating: " ", count: width - usage.count + 2) + meaning)
        }
        lines.append("")
        lines.append("More: help TOPIC (a statement, or " + extraTopics.keys.sorted().joined(separator: ", ")
                     + "). Data to try: load \"samples/marketing.csv\"")
        return lines.joined(separator: "\n")
    }

    /// Topic names, for completion and "did you mean".
    public static var names: [String] { (StatementKind.keyworded.map(\.keyword) + extraTopics.keys).sorted() }

    /// The page of a topic: a statement (or its alias) or one of the extra topics.
    static func text(for topic: String) -> String? {
        StatementKind(keyword: topic)?.entry.helpText ?? extraTopics[topic]
    }
}
