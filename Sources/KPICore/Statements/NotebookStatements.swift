import Glibc

/// save and export: the statements that stand (succeeded, recorded, not undone) written
/// out as a replayable script or as a report.
struct NotebookStatements {
    let standing: [Session.Entry]
    let files: FilePolicy
    /// Writes reports; rendering is the front end's (KPIRender).
    let exporter: ((String, [Session.Entry]) throws -> String)?
    /// Asked before an existing file is replaced (at the prompt).
    let confirmOverwrite: ((String) -> Bool)?

    func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .save(let path, let withOutput, let overwrite): return try save(to: path, withOutput: withOutput, overwrite: overwrite)
        case .export(let path): return try export(to: path)
        default: preconditionFailure("\(statement.keyword) is not written out by the notebook")
        }
    }

    private func save(to path: Located<String>, withOutput: Bool, overwrite: Bool) throws(KPIError) -> Output {
        let target = files.resolveForWriting(path.value)
        if access(target, F_OK) == 0, !overwrite, !(confirmOverwrite?(path.value) ?? false) {
            throw .invalidArgument("\(path.value) already exists; save! \"\(path.value)\" replaces it", at: path.range)
        }
        let text = Transcript.write(standing.map { ($0.text, withOutput ? $0.output : []) })
        do {
            try ScriptFile.write(text, to: target)
        } catch {
            throw .writeFailed(path: path.value, reason: error.reason, at: path.range)
        }
        return .message("saved \(standing.count) statement\(standing.count == 1 ? "" : "s") to \(path.value)"
                        + (withOutput ? " with their output" : ""))
    }

    private func export(to path: Located<String>) throws(KPIError) -> Output {
        let lower = path.value.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".html") || lower.hasSuffix(".htm") else {
            throw .invalidArgument("export writes .md (Markdown) or .html reports", at: path.range)
        }
        guard let exporter else { throw .invalidArgument("this kpi cannot write reports", at: path.range) }
        do {
            return .message(try exporter(files.resolveForWriting(path.value), standing))
        } catch {
            throw .writeFailed(path: path.value, reason: "\(error)", at: path.range)
        }
    }
}
