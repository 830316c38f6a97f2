import FuzzSupport
import KPICore

/// libFuzzer entry: any bytes as statements. Lexing, parsing and rendering an error must
/// never crash (built only by `make fuzz`, with libFuzzer).
let fuzzStatements: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { pointer, size in
    guard let data = pointer, size > 0 else { return 0 }
    let source = SourceText(name: "<fuzz>", text: String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    do throws(KPIError) {
        _ = try Parser.parse(source)
    } catch {
        _ = Diagnostic(error, in: source).description
    }
    return 0
}

FuzzMain.run(fuzzStatements)
