import ArgumentParser
import Glibc
import KPICore

/// `kpi --recover`: the journals of recent sessions, newest first, and reopening one.
enum Recovery {
    struct Journaled {
        var path: String
        var started: String
        var statements: Int
    }

    /// Journals in the state directory, newest first (their names start with the time).
    static func recent(limit: Int = 10) -> [Journaled] {
        let folder = StatePaths.journalDirectory
        let names = FileListing.names(in: folder).map(\.name).filter { $0.hasSuffix(".kpi") }.sorted(by: >)
        return names.prefix(limit).compactMap { name in
            let path = folder + "/" + name
            guard let text = try? ScriptFile.read(path) else { return nil }
            let statements = ((try? Parser.parse(SourceText(name: path, text: text))) ?? []).filter {
                if case .comment = $0.statement { return false }
                return true
            }.count
            guard statements > 0 else { return nil }
            let stamp = Array(name.prefix(15))  // YYYYMMDD-HHMMSS
            let started = stamp.count == 15
                ? String(stamp[0..<4]) + "-" + String(stamp[4..<6]) + "-" + String(stamp[6..<8]) + " "
                    + String(stamp[9..<11]) + ":" + String(stamp[11..<13]) + ":" + String(stamp[13..<15])
                : name
            return Journaled(path: path, started: started, statements: statements)
        }
    }

    static func reopen(choice: Int?, session: Session, console: Console) throws {
        let journals = recent()
        guard !journals.isEmpty else {
            console.fail("no journaled sessions in \(StatePaths.journalDirectory)")
            throw ExitCode(1)
        }
        var pick = choice
        if pick == nil {
            for (index, journal) in journals.enumerated() {
                console.write("\(index + 1)  \(journal.started)  \(journal.statements) statement\(journal.statements == 1 ? "" : "s")"
                              + "  \(journal.path)\n")
            }
            guard isatty(0) == 1 else { return }
            console.write("reopen which? [1] ")
            let answer = readLine()?.trimmingSpaces() ?? ""
            pick = answer.isEmpty ? 1 : Int(answer)
        }
        guard let pick, pick >= 1, pick <= journals.count else {
            console.fail("choose a session from 1 to \(journals.count)")
            throw ExitCode(1)
        }
        let journal = journals[pick - 1]
        console.write("reopening the session of \(journal.started) (\(journal.statements) statements)\n")
        let text = try Frontend.readScript(journal.path, console: console)
        try Frontend.finish(session.run(SourceText(name: journal.path, text: text), continueAfterErrors: true), console: console)
        try RunCommand.continueInteractively(session: session, console: console)
    }
}
