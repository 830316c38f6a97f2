/// The session's own statements: run (scripts into this session), undo and reset.
extension Session {
    func runScript(_ path: Located<String>, with overrides: [Override], from source: SourceText) throws(Diagnostic) -> Output {
        guard runDepth < 16 else {
            throw Diagnostic(.invalidArgument("scripts run each other more than 16 deep", at: path.range), in: source)
        }
        do {
            try files.checkRead(path)
        } catch {
            throw Diagnostic(error, in: source)
        }
        let resolved = files.resolve(path.value)
        let real = FilePolicy.realTarget(resolved)
        if let start = runningScripts.firstIndex(where: { $0.real == real }) {
            throw Diagnostic(.scriptCycle(runningScripts[start...].map(\.name) + [path.value], at: path.range), in: source)
        }
        let text: String
        do {
            text = try ScriptFile.read(resolved)
        } catch {
            let problem = error == .notFound(suggestion: nil) ? .notFound(suggestion: PathSuggestion.closest(to: path.value)) : error
            throw Diagnostic(.file(path: path.value, problem, at: path.range), in: source)
        }
        let script = SourceText(name: path.value, text: text)
        let replacements: [String: Expression]
        do {
            replacements = try self.replacements(overrides, in: script)
        } catch {
            throw Diagnostic(error, in: source)
        }
        files.scriptFolders.append(FilePolicy.folder(of: resolved))
        runningScripts.append((path.value, real))
        runDepth += 1
        let saved = assumptionOverrides
        assumptionOverrides.merge(replacements) { _, new in new }
        defer {
            files.scriptFolders.removeLast()
            runningScripts.removeLast()
            runDepth -= 1
            assumptionOverrides = saved
        }
        switch run(script, record: false) {
        case .completed, .quit:
            return .message("ran \(path.value)")
        case .failed(var diagnostic):
            diagnostic.calledFrom.append("run \"\(path.value)\"")
            throw diagnostic
        }
    }

    /// Runs a script file given on the command line: paths in it are also looked up
    /// next to it, as with `run`, and each `--set NAME=VALUE` replaces an assumption
    /// it defines, exactly as `run "FILE" with NAME = VALUE` does.
    public func runScript(_ text: String, named path: String, settings: [String] = [],
                          continueAfterErrors: Bool = false) -> Outcome {
        let script = SourceText(name: path, text: text)
        var replacements: [String: Expression] = [:]
        for setting in settings {
            let source = SourceText(name: "--set", text: setting)
            do {
                replacements.merge(try self.replacements(try Parser.settings(source), in: script)) { _, new in new }
            } catch {
                return .failed(Diagnostic(error, in: source))
            }
        }
        files.scriptFolders.append(FilePolicy.folder(of: path))
        runningScripts.append((path, FilePolicy.realTarget(path)))
        let saved = assumptionOverrides
        assumptionOverrides.merge(replacements) { _, new in new }
        defer {
            files.scriptFolders.removeLast()
            runningScripts.removeLast()
            assumptionOverrides = saved
        }
        return run(script, continueAfterErrors: continueAfterErrors)
    }

    /// Looks for the files statements name next to `path` too, as a script's statements
    /// do (a lesson's `load "…"` beside the lesson).
    public func lookForFiles(besides path: String) {
        files.scriptFolders.append(FilePolicy.folder(of: path))
    }

    /// The names a script defines with `let`, in order: what `--set` and `run … with` may replace.
    public static func assumptions(in script: SourceText) -> [String] {
        var parser = Parser(script)
        var names: [String] = []
        while let statement = try? parser.next() {
            if case .assumption(let name, _) = statement.statement, !names.contains(name.value) { names.append(name.value) }
        }
        return names
    }

    /// The values replacing assumptions of `script`, each evaluated now to a number:
    /// the one path of `run "FILE" with NAME = VALUE` and `--set NAME=VALUE`.
    func replacements(_ overrides: [Override], in script: SourceText) throws(KPIError) -> [String: Expression] {
        guard !overrides.isEmpty else { return [:] }
        let evaluator = Evaluator(workspace: workspace, cache: cache, scenario: workspace.activeScenario.flatMap(workspace.scenario(named:)))
        let defined = Self.assumptions(in: script)
        var replacements: [String: Expression] = [:]
        for override in overrides {
            guard defined.contains(override.name.value) else {
                throw .invalidExpression("\(script.name) defines no assumption '\(override.name.value)'", at: override.name.range,
                                         help: defined.isEmpty ? "it has no let statements"
                                             : Self.closestAssumption(override.name.value, in: defined))
            }
            guard case .scalar(let number)? = try? evaluator.evaluate(override.expression) else {
                throw .invalidExpression("\(override.name.value) must be set to a number", at: override.expression.range,
                                         help: "for example: \(override.name.value) = 70k")
            }
            replacements[override.name.value] = Expression(.number(number, percent: false), override.expression.range)
        }
        return replacements
    }

    private static func closestAssumption(_ name: String, in defined: [String]) -> String {
        (KPIError.didYouMean(Suggestion.closest(to: name, in: defined)).map { $0 + " " } ?? "")
            + "its assumptions: " + defined.joined(separator: ", ")
    }

    func undo() -> Output {
        guard let last = undoStack.popLast() else { return .message("nothing to undo") }
        undoPosition -= 1
        workspace = last.workspace
        cache.invalidateAll()
        if last.entry < entries.count { entries[last.entry].undone = true }
        for index in last.undid { entries[index].undone = false }
        return .message("undid: " + (last.entry < entries.count ? entries[last.entry].text : "the last change"))
    }

    func reset() -> Output {
        let undid = entries.indices.filter { entries[$0].isRecorded && !entries[$0].undone }
        for index in undid { entries[index].undone = true }
        undoStack.append((workspace, entries.count, undid))
        undoPosition += 1
        workspace = Workspace()
        cache.invalidateAll()
        return .message("reset: the workspace is empty (undo brings it back)")
    }
}
