import KPICore

import Glibc

/// kpi-datagen: writes the sample datasets and large benchmark files, deterministically
/// (the same bytes on every machine, for every run).
let usage = """
    usage: kpi-datagen samples [--out DIR]
           kpi-datagen bench [--rows N] [--out FILE] [--seed S]

      samples   write the sample datasets to DIR (default: samples)
      bench     write the benchmark CSV (default: 1,000,000 rows to bench-data/bench-1m.csv)
    """

/// Writes to standard error (the `stderr` global is off limits in Swift 6).
func printError(_ text: String) {
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

func fail(_ message: String) -> Never {
    printError("kpi-datagen: \(message)\n\(usage)\n")
    exit(2)
}

/// The value after each `--name`, refusing unknown names.
func options(_ arguments: ArraySlice<String>, allowed: Set<String>) -> [String: String] {
    var result: [String: String] = [:]
    var rest = arguments
    while let name = rest.popFirst() {
        guard allowed.contains(name) else { fail("unknown option \(name)") }
        guard let value = rest.popFirst() else { fail("\(name) needs a value") }
        result[name] = value
    }
    return result
}

func writeSamples(to folder: String) throws(OutputError) {
    let files: [(String, (String) throws(OutputError) -> Int)] = [
        ("marketing.csv", MarketingSample.write),
        ("orders.csv", OrdersSample.write),
        ("web_traffic.csv", WebTrafficSample.write),
        ("support_tickets.csv", SupportTicketsSample.write),
        ("social.jsonl", SocialSample.write),
        ("ads-export-messy.csv", MessyExportSample.write),
    ]
    for (name, write) in files {
        let rows = try write(folder + "/" + name)
        print("\(folder)/\(name): \(rows) rows")
    }
    print("\(folder)/shop.sqlite: \(try ShopDatabase.write(folder: folder)) rows")
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "samples":
        let values = options(arguments.dropFirst(), allowed: ["--out"])
        try writeSamples(to: values["--out"] ?? "samples")
    case "bench":
        let values = options(arguments.dropFirst(), allowed: ["--rows", "--out", "--seed"])
        guard let rows = Int(values["--rows"] ?? "1000000"), rows >= 0 else { fail("--rows takes a whole number") }
        guard let seed = UInt64(values["--seed"] ?? "1") else { fail("--seed takes a whole number") }
        let path = values["--out"] ?? "bench-data/bench-1m.csv"
        try BenchmarkFile.write(to: path, rows: rows, seed: seed)
        print("\(path): \(rows) rows")
    case "--help", "-h":
        print(usage)
    default:
        fail(arguments.first.map { "unknown command \($0)" } ?? "say what to write")
    }
} catch {
    printError("kpi-datagen: \(error.message)\n")
    exit(1)
}
