import Glibc

/// The SMART check and the status of a goal, judged on the metric's history.
public struct GoalReport: Sendable {
    /// A SMART letter's verdict (KPIRender draws it as ✓ ⚠ ✗).
    public enum Mark: Sendable {
        case pass, warning, fail
    }

    /// Why a letter got its mark: words, or the figures of the pace a target needs,
    /// which KPIRender words so that every number reads the same way.
    public enum Reason: Sendable, Equatable {
        case words(String)
        case pace(Pace)
        /// Where the target falls in the forecast at the deadline, and the pace it needs.
        case outlook(Outlook, pace: Pace?)
    }

    /// What the forecast says about the deadline: its point forecast, its 80% and 95%
    /// intervals and the probability the goal is met there (P(met)).
    public struct Outlook: Sendable, Equatable {
        /// The model that forecast it (`ETS(M,A,M)`).
        public var model: String
        public var deadline: Period
        public var target: Double
        public var wantsIncrease: Bool
        public var forecast: Double
        public var low80: Double, high80: Double
        public var low95: Double, high95: Double
        public var probability: Double

        /// The Achievable mark: ✓ with the target inside the 80% interval or on its easy
        /// side, ⚠ inside the 95% interval, ✗ beyond it.
        public var mark: Mark {
            let (inner, outer) = wantsIncrease ? (target <= high80, target <= high95) : (target >= low80, target >= low95)
            return inner ? .pass : outer ? .warning : .fail
        }
    }

    /// The change per period a target needs against the changes on record (the A of SMART).
    public struct Pace: Sendable, Equatable {
        /// Changes are rates (`+4.6%`) when the values are positive, amounts (`+120`) otherwise.
        public var relative: Bool
        public var needed: Double
        /// The best change on record in the direction needed, and the median change.
        public var best: Double
        public var median: Double
        /// In how many of the periods on record the change reached the pace needed.
        public var reached: Int
        public var periods: Int
        public var grain: Grain
        /// For a seasonal series: how the same stretch of the year went a season ago.
        public var lastSeason: SeasonalChange?
    }

    /// The change over the same periods one season earlier (October to December of last
    /// year, for a goal from October's value to December), in total and per period.
    public struct SeasonalChange: Sendable, Equatable {
        public var from: Period
        public var to: Period
        public var total: Double
        public var perPeriod: Double
    }

    /// One letter of SMART with its verdict and the reason for it.
    public struct Letter: Sendable {
        public var letter: String
        public var mark: Mark
        public var reason: Reason

        init(letter: String, mark: Mark, reason: String) {
            self.init(letter: letter, mark: mark, reason: .words(reason))
        }

        init(letter: String, mark: Mark, reason: Reason) {
            self.letter = letter
            self.mark = mark
            self.reason = reason
        }
    }

    public enum Verdict: String, Sendable {
        case met, onTrack = "on track", atRisk = "at risk", offTrack = "off track", missed, noData = "no data", draft
    }

    public var goal: Goal
    public var letters: [Letter]
    public var verdict: Verdict
    public var target: Double?
    public var deadline: Period?
    public var latestPeriod: Period?
    public var latest: Double
    /// actual ÷ target (target ÷ actual for goals that want a decrease).
    public var attainment: Double
    public var trendForecast: Double
    /// The latest value grown to the deadline at `growthRate`.
    public var growthForecast: Double
    /// The compound (geometric) rate per period over the last 12 values, counted in calendar
    /// periods so that gaps count as periods.
    public var growthRate: Double
    /// The value planned for the latest period (explicit plan, or the straight line to the target).
    public var planned: Double
    public var unit: MetricUnit
    /// The forecast at the deadline, for a goal on a data metric whose deadline is ahead.
    public var outlook: Outlook?

    public var isSMART: Bool { letters.allSatisfy { $0.mark != .fail } }
}

/// Works out `GoalReport`s. Needs the metric's series at the current grain.
struct GoalCheck {
    let workspace: Workspace
    let evaluator: Evaluator
    /// The grain a goal is measured at: its deadline's for a total (`total(x) … by 2027-Q1`
    /// adds up the quarter's months), the workspace's otherwise.
    private var measuredGrain: Grain?
    private var grain: Grain { measuredGrain ?? workspace.grain }

    init(workspace: Workspace, evaluator: Evaluator) {
        self.workspace = workspace
        self.evaluator = evaluator
    }

    func report(_ goal: Goal) -> GoalReport {
        var report = GoalReport(goal: goal, letters: [], verdict: .draft, target: nil, deadline: nil, latestPeriod: nil,
                                latest: .nan, attainment: .nan, trendForecast: .nan, growthForecast: .nan, growthRate: .nan,
                                planned: .nan,
                                unit: .number)
        guard let metric = goal.metric, let definition = workspace.definitions[metric],
              let deadline = goal.statement.deadline?.value else {
            report.letters = draftLetters(goal)
            return report
        }
        report.unit = definition.unit
        if goal.statement.total != nil, measuredGrain == nil {
            var check = self
            check.measuredGrain = deadline.grain
            return check.report(goal)
        }
        let due = Period(containing: Period(grain: deadline.grain, ordinal: deadline.ordinal + 1).firstDay - 1, grain: grain)
        report.deadline = due
        let value = measured(goal)
        var history: [(ordinal: Int, value: Double)] = []
        if case .series(let series)? = value {
            history = (series.start..<series.end).map { ($0, series.value(ordinal: $0)) }.filter { $0.value.isFinite }
        }
        let latest = history.last
        if case .scalar(let constant)? = value { report.latest = constant }
        if let latest { report.latest = latest.value }
        report.latestPeriod = latest.map { Period(grain: grain, ordinal: $0.ordinal) }
        let target = goal.target(latest: report.latest)
        report.target = target
        let specific = definition.filter.map { "\(metric), for the segment where \(Self.text(of: $0, in: definition))" } ?? metric
        report.letters.append(.init(letter: "S", mark: .pass, reason: "measures \(specific)"))
        report.letters.append(measurable(value, history: history, metric: goal.statement.total == nil ? metric : "total(\(metric))"))
        if case .series(let series)? = value, let target {
            report.outlook = outlook(goal, series: series, target: target, due: due)
        }
        report.letters.append(achievable(goal, history: history, target: target, due: due, outlook: report.outlook))
        report.letters.append(relevant(goal))
        report.letters.append(timeBound(due: due, latest: report.latestPeriod))
        if case .scalar(let constant)? = value, constant.isFinite, let target {
            // A model with no data (a driver model) is judged on its one value.
            report.latest = constant
            report.attainment = Quantity.clean(goal.wantsIncrease ? constant / target : target / constant)
            report.verdict = goal.isMet(by: constant, target: target) ? .met : .offTrack
            return report
        }
        guard let latest, let target else {
            report.verdict = .noData
            return report
        }
        report.attainment = goal.wantsIncrease ? latest.value / target : target / latest.value
        if !report.attainment.isFinite { report.attainment = .nan }
        let recent = Array(history.suffix(12))
        report.trendForecast = Self.trend(recent, at: due.ordinal)
        report.growthRate = Self.compoundRate(recent)
        if let last = recent.last, report.growthRate.isFinite {
            report.growthForecast = last.value * Glibc.pow(1 + report.growthRate, Double(due.ordinal - last.ordinal))
        }
        report.planned = planned(goal, metric: metric, latest: latest, target: target, due: due)
        report.verdict = verdict(goal, latest: latest, target: target, due: due,
                                 forecast: report.outlook?.forecast ?? report.trendForecast)
        return report
    }

    private func verdict(_ goal: Goal, latest: (ordinal: Int, value: Double), target: Double, due: Period,
                         forecast: Double) -> GoalReport.Verdict {
        if due.ordinal <= latest.ordinal {
            let atDeadline = evaluatedValue(goal, at: due.ordinal)
            return goal.isMet(by: atDeadline, target: target) ? .met : .missed
        }
        if goal.isMet(by: latest.value, target: target) { return .met }
        if goal.isMet(by: forecast, target: target) { return .onTrack }
        let gap = abs(forecast - target) / max(abs(target), 1e-9)
        return forecast.isFinite && gap <= 0.1 ? .atRisk : .offTrack
    }

    private func evaluatedValue(_ goal: Goal, at ordinal: Int) -> Double {
        guard case .series(let series)? = measured(goal) else { return .nan }
        return series.value(ordinal: ordinal)
    }

    // MARK: Letters

    private func draftLetters(_ goal: Goal) -> [GoalReport.Letter] {
        let missingMetric = goal.metric == nil || workspace.definitions[goal.metric!] == nil
        return [
            .init(letter: "S", mark: .fail, reason: missingMetric
                  ? "it names no metric: say what is measured, e.g. goal more_sales: orders >= 1200 by 2026-12"
                  : "—"),
            .init(letter: "M", mark: .fail, reason: "there is no number to measure against: add a target (>= 1200, <= 40, +20%)"),
            .init(letter: "A", mark: .warning, reason: "cannot be judged without a target and a deadline"),
            relevant(goal),
            .init(letter: "T", mark: .fail, reason: "there is no deadline: add `by PERIOD`, e.g. by 2026-12"),
        ]
    }

    private func measurable(_ value: Quantity?, history: [(ordinal: Int, value: Double)], metric: String) -> GoalReport.Letter {
        switch value {
        case .scalar?, .samples?:
            return .init(letter: "M", mark: .warning, reason: "\(metric) is a constant, not measured from data")
        case .series(let series)? where measuredGrain != nil:
            guard let last = history.last else {
                return .init(letter: "M", mark: .fail, reason: "\(metric) has no \(grain.noun) with every \(workspace.grain.noun) measured yet")
            }
            return .init(letter: "M", mark: .pass,
                         reason: "\(metric) adds up each \(grain.noun)'s \(workspace.grain.noun)s: \(history.count) \(grain.noun)s, up to "
                            + "\(Period(grain: series.grain, ordinal: last.ordinal))")
        case .series(let series)?:
            guard let last = history.last else {
                return .init(letter: "M", mark: .fail, reason: "\(metric) has no values yet")
            }
            let lastPeriod = Period(grain: series.grain, ordinal: last.ordinal)
            return .init(letter: "M", mark: .pass,
                         reason: "\(metric) has values for \(history.count) \(series.grain.noun)s, up to \(lastPeriod)")
        case nil where measuredGrain != nil && workspace.grain > grain:
            return .init(letter: "M", mark: .fail, reason: "\(metric) adds up \(grain.noun)s, and the grain is \(workspace.grain.noun): "
                         + "grain \(grain.noun) (or finer) measures it")
        case nil:
            return .init(letter: "M", mark: .fail, reason: "\(metric) cannot be computed now (explain \(metric))")
        }
    }

    /// The forecast at `due` from the metric's history (`Forecaster`, by AICc), and where
    /// `target` falls in it; nil when the deadline is not ahead or the history too short.
    private func outlook(_ goal: Goal, series: Series, target: Double, due: Period) -> GoalReport.Outlook? {
        guard let (values, last) = Forecaster.history(of: series), due.ordinal > last.ordinal,
              due.ordinal - last.ordinal <= Forecaster.longestHorizon,
              let forecast = Forecaster.forecast(values, lastPeriod: last, horizon: due.ordinal - last.ordinal, level: 0.8,
                                                 method: .auto, fits: evaluator.cache.forecasts),
              let point = forecast.points.last, let outer = forecast.interval(in: due, level: 0.95),
              let probability = forecast.probability(of: target, in: due, above: goal.wantsIncrease) else { return nil }
        return GoalReport.Outlook(model: forecast.model, deadline: due, target: target, wantsIncrease: goal.wantsIncrease,
                                  forecast: point.forecast, low80: point.low, high80: point.high, low95: outer.low,
                                  high95: outer.high, probability: probability)
    }

    /// Where the target falls in the forecast at the deadline, when there is one; the
    /// change per period the target needs against the changes on record, in any case.
    private func achievable(_ goal: Goal, history: [(ordinal: Int, value: Double)], target: Double?, due: Period,
                            outlook: GoalReport.Outlook?) -> GoalReport.Letter {
        let byPace = achievableByPace(goal, history: history, target: target, due: due)
        guard let outlook, !(history.last.map { goal.isMet(by: $0.value, target: outlook.target) } ?? false) else { return byPace }
        var pace: GoalReport.Pace?
        if case .pace(let needed) = byPace.reason { pace = needed }
        return .init(letter: "A", mark: outlook.mark, reason: .outlook(outlook, pace: pace))
    }

    /// The change per period the target needs, against the changes on record.
    private func achievableByPace(_ goal: Goal, history: [(ordinal: Int, value: Double)], target: Double?,
                                  due: Period) -> GoalReport.Letter {
        guard let target, let latest = history.last else {
            return .init(letter: "A", mark: .warning, reason: "cannot be judged without recent values")
        }
        if goal.isMet(by: latest.value, target: target) {
            return .init(letter: "A", mark: .pass, reason: "already met by the latest value")
        }
        let periods = due.ordinal - latest.ordinal
        guard periods > 0 else { return .init(letter: "A", mark: .warning, reason: "the deadline is not after the latest data") }
        let pairs = zip(history, history.dropFirst()).filter { $1.ordinal == $0.ordinal + 1 }
        let relative = latest.value > 0 && target > 0
        let changes = pairs.compactMap { a, b -> Double? in
            relative ? (a.value > 0 ? b.value / a.value - 1 : nil) : b.value - a.value
        }
        guard changes.count >= 2 else {
            return .init(letter: "A", mark: .warning, reason: "too little history to judge the pace the target needs")
        }
        let needed = relative ? Glibc.pow(target / latest.value, 1 / Double(periods)) - 1 : (target - latest.value) / Double(periods)
        let increase = needed > 0
        let best = increase ? changes.max()! : changes.min()!
        let reached = changes.filter { increase ? $0 >= needed : $0 <= needed }.count
        let median = Statistics.quantiles(changes, [0.5])[0]
        var pace = GoalReport.Pace(relative: relative, needed: needed, best: best, median: median, reached: reached,
                                   periods: changes.count, grain: grain)
        pace.lastSeason = lastSeason(history, from: latest.ordinal, to: due.ordinal, relative: relative)
        // Reached in half the periods on record: plausible; in a tenth: a stretch; less: not achievable.
        let mark: GoalReport.Mark = reached * 2 >= changes.count ? .pass : reached * 10 >= changes.count ? .warning : .fail
        return .init(letter: "A", mark: mark, reason: .pace(pace))
    }

    /// The change from `from` to `to` one season earlier, when the history has a season
    /// (its autocorrelation at a season's lag, `SeasonalIndices.detected`) and both values.
    private func lastSeason(_ history: [(ordinal: Int, value: Double)], from: Int, to: Int,
                            relative: Bool) -> GoalReport.SeasonalChange? {
        let period = Forecaster.seasonLength(grain)
        guard period > 1, to > from, to - from <= period else { return nil }
        let values = Dictionary(history.map { ($0.ordinal, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let start = values[from - period], let end = values[to - period], !relative || (start > 0 && end > 0), end.isFinite,
              SeasonalIndices.detected(history.map(\.value), period: period) else { return nil }
        let steps = Double(to - from)
        let total = relative ? end / start - 1 : end - start
        let perPeriod = relative ? Glibc.pow(end / start, 1 / steps) - 1 : total / steps
        return GoalReport.SeasonalChange(from: Period(grain: grain, ordinal: from - period), to: Period(grain: grain, ordinal: to - period),
                                         total: total, perPeriod: perPeriod)
    }

    private func relevant(_ goal: Goal) -> GoalReport.Letter {
        guard let objective = goal.objective else {
            return .init(letter: "R", mark: .fail, reason: "tied to no objective: add `for OBJECTIVE` (objective NAME \"…\" first)")
        }
        let text = workspace.objective(named: objective)?.text ?? objective
        return .init(letter: "R", mark: .pass, reason: "serves \(objective): \(text)")
    }

    private func timeBound(due: Period, latest: Period?) -> GoalReport.Letter {
        guard let latest else { return .init(letter: "T", mark: .warning, reason: "deadline \(due), but no data to date it against") }
        let ahead = due.ordinal - latest.ordinal
        if ahead <= 0 {
            return .init(letter: "T", mark: .fail, reason: "the deadline \(due) is already past (latest data \(latest))")
        }
        return .init(letter: "T", mark: .pass,
                     reason: "deadline \(due), \(ahead) \(grain.noun)\(ahead == 1 ? "" : "s") after the latest data")
    }

    /// What the goal measures: the metric, or for a total the metric added up over each
    /// period of the deadline's grain that its values cover whole (nil when it cannot be computed).
    private func measured(_ goal: Goal) -> Quantity? {
        guard let metric = goal.statement.metric, let value = try? evaluator.value(of: metric.value, at: metric.range) else { return nil }
        guard goal.statement.total != nil, case .series(let series) = value, series.grain != grain else { return value }
        guard series.grain.divides(into: grain) else { return nil }
        return .series(series.summed(into: grain))
    }

    /// The periods (ordinals at `grain`) a goal's total adds up: its span, the deadline's
    /// period where an end is left out.
    static func ordinals(of span: TotalSpan, deadline: Period, grain: Grain) -> Range<Int> {
        let first = Period(containing: (span.from ?? deadline).firstDay, grain: grain).ordinal
        let last = Period(containing: (span.to ?? deadline).lastDay, grain: grain).ordinal
        return first..<(max(first, last) + 1)
    }

    // MARK: Forecasts and plans

    /// Least-squares line through `points`, read at `ordinal`.
    static func trend(_ points: [(ordinal: Int, value: Double)], at ordinal: Int) -> Double {
        guard points.count >= 2 else { return points.last?.value ?? .nan }
        let n = Double(points.count)
        let meanX = points.map { Double($0.ordinal) }.reduce(0, +) / n, meanY = points.map(\.value).reduce(0, +) / n
        let sxy = points.map { (Double($0.ordinal) - meanX) * ($0.value - meanY) }.reduce(0, +)
        let sxx = points.map { (Double($0.ordinal) - meanX) * (Double($0.ordinal) - meanX) }.reduce(0, +)
        let slope = sxx == 0 ? 0 : sxy / sxx
        return meanY + slope * (Double(ordinal) - meanX)
    }

    /// The compound (geometric) rate per period from the first to the last of `points`,
    /// over the calendar periods between them: (last ÷ first)^(1 / periods) − 1. Not the
    /// mean of the period-over-period rates, which is biased upward, and gaps are periods.
    static func compoundRate(_ points: [(ordinal: Int, value: Double)]) -> Double {
        guard let first = points.first, let last = points.last, last.ordinal > first.ordinal, first.value > 0, last.value > 0
        else { return .nan }
        return Glibc.pow(last.value / first.value, 1 / Double(last.ordinal - first.ordinal)) - 1
    }

    /// The explicit plan's value for the latest period (nan without one).
    private func planned(_ goal: Goal, metric: String, latest: (ordinal: Int, value: Double), target: Double, due: Period) -> Double {
        guard let plan = workspace.plans[metric], plan.grain == grain else { return .nan }
        return plan.values[latest.ordinal] ?? .nan
    }

    /// A condition as the user wrote it, from the definition's text.
    static func text(of condition: Expression, in definition: Definition) -> String {
        guard let whereRange = definition.text.firstRange(of: "where ") else { return "a filter" }
        let condition = definition.text[whereRange.upperBound...]
        return String(condition.firstRange(of: " as ").map { condition[..<$0.lowerBound] } ?? condition)
    }
}
