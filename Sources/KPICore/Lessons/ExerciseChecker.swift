/// Runs an exercise's checks on a workspace. Values are read in the base case (a
/// scenario the student has in `use` does not change them); `compare` checks name their
/// scenario.
struct ExerciseChecker {
    let workspace: Workspace
    let cache: EvaluationCache

    func run(_ check: ExerciseCheck) -> CheckResult {
        switch check.kind {
        case .value(let name, let period, let target): return value(check, name, period, target)
        case .defined(let name, let kind): return defined(check, name.value, kind)
        case .uses(let name, let wanted): return uses(check, name.value, wanted.map(\.value))
        case .passes(let goal, let letters): return passes(check, goal.value, letters)
        case .effect(let scenario, let metric, let period, let target, let relative):
            return effect(check, scenario.value, metric, period, target, relative: relative)
        case .keyCount(let target):
            let count = workspace.keys.count
            let noun = { (n: Double) in n == 1 ? " key KPI" : " key KPIs" }
            return CheckResult(check: check, passed: target.holds(for: Double(count)), got: "\(count)" + noun(Double(count)),
                               wanted: Self.wanted(target, unit: .number) + noun(target.value))
        case .keysHaveGoals:
            let measured = Set(workspace.goals.filter { !$0.isDraft }.compactMap(\.metric))
            let loose = workspace.keys.filter { !measured.contains($0) }
            let got = workspace.keys.isEmpty ? "no key KPIs" : loose.isEmpty ? "every key KPI has a goal"
                : loose.joined(separator: ", ") + (loose.count == 1 ? " has" : " have") + " no goal"
            return CheckResult(check: check, passed: !workspace.keys.isEmpty && loose.isEmpty, got: got,
                               wanted: "a goal measuring every key KPI")
        }
    }

    /// The workspace at the grain of `period` (`at 2026-10` reads months even after the
    /// student typed `grain week`); as it is without a period.
    private func workspace(at period: Located<Period>?) -> Workspace {
        guard let period else { return workspace }
        var copy = workspace
        copy.grain = period.value.grain
        return copy
    }

    private func missing(_ check: ExerciseCheck, _ name: String, wanted: String) -> CheckResult {
        CheckResult(check: check, passed: false, got: "\(name) is not defined" + Self.closest(name, in: workspace.definitionNames),
                    wanted: wanted)
    }

    /// ` (there is cpc)`: the closest of `names`, or nothing.
    static func closest(_ name: String, in names: [String]) -> String {
        Suggestion.closest(to: name, in: names).map { " (there is \($0))" } ?? ""
    }

    private func value(_ check: ExerciseCheck, _ name: Located<String>, _ period: Located<Period>?,
                       _ target: ExerciseCheck.Target) -> CheckResult {
        let wanted = Self.wanted(target, unit: workspace.definitions[name.value]?.unit ?? (target.percent ? .percent : .number))
        guard let definition = workspace.definitions[name.value] else { return missing(check, name.value, wanted: wanted) }
        do {
            let evaluator = Evaluator(workspace: workspace(at: period), cache: cache)
            let (x, at) = try evaluator.value(of: name.value, at: name.range).reading(at: period?.value)
            let place = name.value + (at.map { " at \($0)" } ?? "")
            let shown = Self.text(x, unit: definition.unit, tolerance: target.comparison == .equal ? target.tolerance : nil)
            return CheckResult(check: check, passed: target.holds(for: x), got: place + (x.isFinite ? " = " : " has ") + shown,
                               wanted: wanted, value: shown)
        } catch {
            return CheckResult(check: check, passed: false, got: error.message, wanted: wanted)
        }
    }

    private func defined(_ check: ExerciseCheck, _ name: String, _ kind: ExerciseCheck.NameKind?) -> CheckResult {
        let found: ExerciseCheck.NameKind?
        if let definition = workspace.definitions[name] {
            found = definition.kind == .metric ? .metric : .assumption
        } else if workspace.goal(named: name) != nil {
            found = .goal
        } else if workspace.objective(named: name) != nil {
            found = .objective
        } else if workspace.scenario(named: name) != nil {
            found = .scenario
        } else if workspace.table(named: name) != nil {
            found = .table
        } else {
            found = nil
        }
        let wanted = kind.map { "\($0.article) \($0.rawValue) named \(name)" } ?? "something named \(name)"
        guard let found else {
            guard let kind else { return missing(check, name, wanted: wanted) }
            let names: [String]
            switch kind {
            case .metric, .assumption: names = workspace.definitionNames
            case .goal: names = workspace.goals.map(\.name)
            case .objective: names = workspace.objectives.map(\.name)
            case .scenario: names = workspace.scenarios.map(\.name)
            case .table: names = workspace.tables.map(\.name)
            }
            return CheckResult(check: check, passed: false, got: "there is no \(kind.rawValue) \(name)" + Self.closest(name, in: names),
                               wanted: wanted)
        }
        let passed = kind == nil || kind == found
        return CheckResult(check: check, passed: passed, got: "\(name) is \(found.article) \(found.rawValue)",
                           wanted: wanted)
    }

    /// Functions called and names read by a definition and everything it reads.
    private func uses(_ check: ExerciseCheck, _ name: String, _ wanted: [String]) -> CheckResult {
        let wording = "a definition using " + wanted.joined(separator: ", ")
        guard workspace.definitions[name] != nil else { return missing(check, name, wanted: wording) }
        var used: Set<String> = [], seen: Set<String> = [], pending = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let definition = workspace.definitions[next] else { continue }
            for expression in [definition.expression] + (definition.filter.map { [$0] } ?? []) {
                expression.visit { node in
                    switch node.kind {
                    case .call(let function, _, _): used.insert(function)
                    case .name(let read): used.insert(read)
                    case .column(let table, let column): used.insert(table + "." + column); used.insert(table)
                    default: break
                    }
                }
            }
            if next != name { used.insert(next) }
            pending += definition.dependencies
        }
        let absent = wanted.filter { !used.contains($0) }
        return CheckResult(check: check, passed: absent.isEmpty,
                           got: absent.isEmpty ? "\(name) uses \(wanted.joined(separator: ", "))" : "\(name) does not use \(absent.joined(separator: ", "))",
                           wanted: wording)
    }

    private func passes(_ check: ExerciseCheck, _ name: String, _ letters: [String]) -> CheckResult {
        let wanted = "\(name) passing \(letters.joined(separator: ", "))"
        guard let goal = workspace.goal(named: name) else {
            return CheckResult(check: check, passed: false, got: "there is no goal \(name)" + Self.closest(name, in: workspace.goals.map(\.name)),
                               wanted: wanted)
        }
        let report = GoalCheck(workspace: workspace, evaluator: Evaluator(workspace: workspace, cache: cache)).report(goal)
        let judged = report.letters.filter { letters.contains($0.letter) }
        let failing = judged.filter { $0.mark != .pass }.map(\.letter)
        let got = failing.isEmpty ? "\(name) passes \(letters.joined(separator: ", "))" : "\(name) does not pass \(failing.joined(separator: ", "))"
        return CheckResult(check: check, passed: failing.isEmpty, got: got, wanted: wanted, letters: judged)
    }

    private func effect(_ check: ExerciseCheck, _ scenarioName: String, _ metric: Located<String>, _ period: Located<Period>?,
                        _ target: ExerciseCheck.Target, relative: Bool) -> CheckResult {
        let unit = workspace.definitions[metric.value]?.unit ?? .number
        var change = (target.value >= 0 ? "+" : "") + (relative ? NumberFormat.percent(target.value) : Self.text(target.value, unit: unit))
        if target.comparison == .equal, target.tolerance > 0 {
            change += " ± " + (relative ? NumberFormat.percent(target.tolerance, decimals: 3) : NumberFormat.plain(target.tolerance))
        }
        let wanted = "a change against base of " + Self.phrase(target.comparison, change)
        guard let scenario = workspace.scenario(named: scenarioName) else {
            return CheckResult(check: check, passed: false,
                               got: "there is no scenario \(scenarioName)" + Self.closest(scenarioName, in: workspace.scenarios.map(\.name)),
                               wanted: wanted)
        }
        guard workspace.definitions[metric.value] != nil else { return missing(check, metric.value, wanted: wanted) }
        do {
            let base = try Evaluator(workspace: workspace(at: period), cache: cache).value(of: metric.value, at: metric.range)
                .reading(at: period?.value)
            let other = try Evaluator(workspace: workspace(at: period), cache: cache, scenario: scenario.overrides.isEmpty ? nil : scenario)
                .value(of: metric.value, at: metric.range).reading(at: period?.value)
            let difference = relative ? (other.0 - base.0) / abs(base.0) : other.0 - base.0
            let shown = relative ? NumberFormat.signedChange(difference, relative: true)
                : (difference >= 0 ? "+" : "") + Self.text(difference, unit: unit)
            let place = base.1.map { " at \($0)" } ?? ""
            return CheckResult(check: check, passed: target.holds(for: difference),
                               got: "\(metric.value)\(place) is \(Self.text(other.0, unit: unit)) in \(scenarioName) against "
                                   + "\(Self.text(base.0, unit: unit)) in base: \(shown)",
                               wanted: wanted, value: shown)
        } catch {
            return CheckResult(check: check, passed: false, got: error.message, wanted: wanted)
        }
    }

    /// A value as messages quote it: `66.4511`, `4.25%`, `$66.45`, `1,369.6`. With a
    /// tolerance, one decimal finer than it, so a value just outside shows why.
    static func text(_ x: Double, unit: MetricUnit, tolerance: Double? = nil) -> String {
        guard x.isFinite else { return "no value" }
        let scaled = unit == .percent ? abs(x) * 100 : abs(x)
        var decimals = scaled >= 1000 ? 1 : scaled >= 100 ? 2 : scaled >= 1 ? 3 : 4
        if let tolerance, tolerance > 0 {
            var step = unit == .percent ? tolerance * 100 : tolerance, places = 1
            while step < 1, places < 7 {
                step *= 10
                places += 1
            }
            decimals = places
        }
        switch unit {
        case .percent: return NumberFormat.percent(x, decimals: min(decimals, 4))
        case .money(let sign): return (x < 0 ? "-" : "") + sign + NumberFormat.format(abs(x), decimals: max(2, decimals))
        case .number: return NumberFormat.format(x, decimals: decimals)
        }
    }

    /// `274 ± 0.5`, `at least 2`, `at most 7%`.
    static func wanted(_ target: ExerciseCheck.Target, unit: MetricUnit) -> String {
        let percent = target.percent || unit == .percent
        var text = percent ? NumberFormat.percent(target.value, decimals: 2) : NumberFormat.format(target.value, decimals: 4)
        if target.comparison == .equal, target.tolerance > 0 {
            text += " ± " + (percent ? NumberFormat.percent(target.tolerance, decimals: 3) : NumberFormat.plain(target.tolerance))
        }
        return phrase(target.comparison, text)
    }

    static func phrase(_ comparison: ExerciseCheck.Comparison, _ value: String) -> String {
        switch comparison {
        case .atLeast: return "at least " + value
        case .atMost: return "at most " + value
        case .above: return "more than " + value
        case .below: return "less than " + value
        case .equal: return value
        }
    }
}

