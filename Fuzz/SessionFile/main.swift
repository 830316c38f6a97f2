import FuzzSupport
import KPICore

/// libFuzzer entry: any bytes as a saved session: read, split into statements and
/// their recorded `#>` output, as `kpi check` does.
let fuzzSessionFile: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { pointer, size in
    guard let data = pointer, size > 0 else { return 0 }
    let path = FuzzFile.write(data, size, name: "input.kpi")
    if let text = try? ScriptFile.read(path) {
        let source = SourceText(name: path, text: text)
        do throws(KPIError) {
            _ = try Transcript.recordedOutputs(source)
        } catch {
            _ = Diagnostic(error, in: source).description
        }
    }
    return 0
}

FuzzMain.run(fuzzSessionFile)
