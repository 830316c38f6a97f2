import Glibc
import Testing
@testable import KPICore

/// Inputs kept from fuzzing (`make fuzz`) and hand-made edge cases, replayed through the
/// same paths the fuzzers drive: each must give a result or a clear error, never a crash.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    private static func inputs(_ target: String) -> [String] {
        let folder = Fixtures.path("fuzz/" + target)
        guard let handle = opendir(folder) else { return [] }
        defer { closedir(handle) }
        var paths: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { paths.append(folder + "/" + name) }
        }
        return paths.sorted()
    }

    @Test("every fuzz target has kept inputs", arguments: ["statements", "delimited", "jsonlines", "sessionfile"])
    func kept(target: String) {
        #expect(!Self.inputs(target).isEmpty, "Fixtures/fuzz/\(target) is empty")
    }

    @Test("statements: parsed, or refused with a diagnostic that renders", arguments: inputs("statements"))
    func statements(path: String) throws {
        let source = SourceText(name: path, text: try ScriptFile.read(path))
        do throws(KPIError) {
            _ = try Parser.parse(source)
        } catch {
            #expect(!Diagnostic(error, in: source).description.isEmpty)
        }
    }

    @Test("data files: loaded and described, or refused with an error", arguments: inputs("delimited") + inputs("jsonlines"))
    func data(path: String) {
        let recorder = Recorder()
        recorder.run("let keep = 1")
        if let failure = recorder.run("load \"\(path)\" as t; describe t; head t 5; metric n = count(t); show n last 3") {
            #expect(!failure.description.isEmpty)
        }
        #expect(recorder.session.workspace.definitions["keep"] != nil, "the session is intact")
    }

    @Test("session files: read and split into statements and output, or refused", arguments: inputs("sessionfile"))
    func sessionFiles(path: String) {
        do {
            let text = try ScriptFile.read(path)
            let source = SourceText(name: path, text: text)
            do throws(KPIError) {
                _ = try Transcript.recordedOutputs(source)
            } catch {
                #expect(!Diagnostic(error, in: source).description.isEmpty)
            }
        } catch {
            #expect(!"\(error)".isEmpty)
        }
    }
}
