import Glibc
import Testing
@testable import KPICore

/// The catalogue is the one source of keywords, help, completion and traits:
/// every statement must parse from its own examples, have a help page, complete
/// at the prompt and get "did you mean" for a typo.
@Suite("Statement catalogue")
struct StatementCatalogueTests {
    @Test("every statement parses from each of its examples as its own kind", arguments: StatementKind.allCases)
    func examplesParse(kind: StatementKind) throws {
        let examples = kind.entry.examples
        #expect(!examples.isEmpty, "\(kind) has no example")
        for example in examples {
            let parsed = try Parser.parse(SourceText(name: "<example>", text: example))
            #expect(parsed.map(\.statement.kind) == [kind], "\(example) parses as \(parsed.map(\.statement.kind))")
        }
    }

    @Test("every statement has a help page that starts with its usage", arguments: StatementKind.keyworded)
    func helpPage(kind: StatementKind) throws {
        let page = try #require(HelpTopics.text(for: kind.keyword))
        #expect(page.hasPrefix(kind.entry.usage))
        #expect(!kind.entry.summary.isEmpty)
        #expect(HelpTopics.overviewText.contains(kind.entry.synopsis + " "))
    }

    @Test("every keyword completes from its first letters", arguments: StatementKind.keywords)
    func completes(keyword: String) {
        let prefix = String(keyword.prefix(max(1, min(2, keyword.count - 1))))
        let (word, candidates) = Completer.complete(prefix, workspace: Workspace())
        #expect(word == prefix)
        #expect(candidates.contains(keyword) || candidates.contains(keyword + " "), "\(prefix) offers \(candidates)")
    }

    @Test("a typo of every keyword gets 'did you mean' that keyword", arguments: StatementKind.keyworded)
    func didYouMean(kind: StatementKind) throws {
        let typo = kind.keyword + String(kind.keyword.last!)
        let error = try #require(throws: KPIError.self) { try Parser.parse(SourceText(name: "<typo>", text: typo + " x")) }
        #expect(error.message == "unknown statement '\(typo)'")
        #expect(error.help == "did you mean '\(kind.keyword)'?")
    }

    @Test("docs/LANGUAGE.md has a section for every statement, with its usage as help prints it, and lists every function")
    func languageReference() throws {
        let file = String(#filePath)
        let root = String(file[..<file.firstRange(of: "/Tests/")!.lowerBound])
        let handle = try #require(fopen(root + "/docs/LANGUAGE.md", "r"), "docs/LANGUAGE.md is missing")
        defer { fclose(handle) }
        var text = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), handle) != nil { text += buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } }
        for kind in StatementKind.keyworded {
            #expect(text.contains("#### `\(kind.keyword)`\n"), "no section for \(kind.keyword)")
            #expect(text.contains("```\n\(kind.entry.usage)\n```"), "the usage of \(kind.keyword) differs from the catalogue")
            for example in kind.entry.examples { #expect(text.contains(example), "\(kind.keyword)'s example \(example) is missing") }
            let details = kind.entry.details.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains(details), "the text of \(kind.keyword) differs from its help page")
        }
        for function in Functions.all { #expect(text.contains("`\(function)("), "function \(function) is not listed") }
    }

    @Test("an alias names the same statement and the same help page")
    func alias() throws {
        #expect(StatementKind(keyword: "exit") == .quit)
        #expect(HelpTopics.text(for: "exit") == HelpTopics.text(for: "quit"))
        #expect(StatementKind.keywords.contains("exit"))
        #expect(StatementKind(keyword: "#") == nil)
    }

    @Test("statement keywords are reserved: no metric may take one's name")
    func reserved() throws {
        for keyword in ["simulate", "compare", "use", "load"] {
            let error = try #require(throws: KPIError.self) {
                try Parser.parse(SourceText(name: "<t>", text: "metric \(keyword) = 1"))
            }
            #expect(error.message == "expected a metric name, found the reserved word '\(keyword)'")
        }
    }

    @Test("only the statements that write files are refused under --safe; the shell's own are not recorded")
    func traits() {
        let writers = StatementKind.allCases.filter { $0.entry.traits.contains(.writesFiles) }
        #expect(writers == [.save, .export])
        let unrecorded = StatementKind.allCases.filter { !$0.entry.traits.contains(.recorded) }
        #expect(unrecorded == [.save, .export, .undo, .reset, .history, .help, .timer, .quit])
        #expect(!StatementKind.timer.entry.traits.contains(.timed))
        #expect(StatementFamily.allCases.allSatisfy { family in StatementKind.allCases.contains { $0.entry.family == family } })
    }

    @Test("--safe refuses save and export with a typed error that names the flag")
    func safeRefusal() throws {
        let recorder = Recorder()
        recorder.session.safeMode = true
        let diagnostic = try #require(recorder.run("export \"r.html\""))
        let action = try extract("refusedUnderSafe", from: diagnostic.error) {
            if case .refusedUnderSafe(let action, _, _) = $0 { action } else { nil }
        }
        #expect(action == "export")
        #expect(diagnostic.error.message == "export is refused: this session replays a file with --safe, which may not write files")
        #expect(diagnostic.error.help == "run without --safe to allow it")
    }
}
