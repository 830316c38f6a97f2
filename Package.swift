// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kpi",
    products: [
        .executable(name: "kpi", targets: ["kpi"]),
        .library(name: "KPICore", targets: ["KPICore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libedit through pkg-config; variadic C calls are wrapped in shim.h.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // SQLite and PostgreSQL's C clients, synchronous and quick to build (docs/DESIGN.md).
        .systemLibrary(
            name: "CKPISQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libpq's header from libpq-dev; the library itself is loaded with dlopen on the
        // first connect, so start-up does not pay for the libraries it pulls in.
        .target(name: "CKPIPostgres", linkerSettings: [.linkedLibrary("dl")]),
        // The language, data, model and session: no terminal I/O.
        .target(name: "KPICore", dependencies: ["CKPISQLite", "CKPIPostgres"]),
        // Text tables, number formats, charts, csv/json/markdown.
        .target(name: "KPIRender", dependencies: ["KPICore"]),
        // Line editing, history and completion over libedit.
        .target(name: "LineEditor", dependencies: ["CEditLine"]),
        // The thin command-line front end.
        .executableTarget(
            name: "kpi",
            dependencies: [
                "KPICore", "KPIRender", "LineEditor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Deterministic generator for samples/ and large benchmark files.
        .executableTarget(name: "kpi-datagen", dependencies: ["KPICore", "CKPISQLite"]),
        .testTarget(
            name: "KPICoreTests",
            dependencies: ["KPICore", "KPIRender", "CKPISQLite", "CKPIPostgres"],
            exclude: ["Fixtures"]
        ),
        // Opens pseudo-terminals for the interactive test (posix_openpt and
        // friends are hidden from Swift behind _GNU_SOURCE).
        .target(name: "CPseudoTerminal", path: "Tests/CPseudoTerminal"),
        .testTarget(
            name: "KPIEndToEndTests",
            dependencies: ["CPseudoTerminal"]
        ),
    ]
)

// Coverage-guided fuzzers (`make fuzz`): one executable per kind of input, linked with
// libFuzzer by `-sanitize=fuzzer`, so they exist only in that build.
if Context.environment["KPI_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["KPICore"], path: "Fuzz/Support"),
        .executableTarget(name: "fuzz-statements", dependencies: ["FuzzSupport", "KPICore"], path: "Fuzz/Statements"),
        .executableTarget(name: "fuzz-delimited", dependencies: ["FuzzSupport"], path: "Fuzz/Delimited"),
        .executableTarget(name: "fuzz-jsonlines", dependencies: ["FuzzSupport"], path: "Fuzz/JSONLines"),
        .executableTarget(name: "fuzz-sessionfile", dependencies: ["FuzzSupport", "KPICore"], path: "Fuzz/SessionFile"),
        .executableTarget(name: "fuzz-lesson", dependencies: ["FuzzSupport", "KPICore"], path: "Fuzz/Lesson"),
    ]
    package.products += ["fuzz-statements", "fuzz-delimited", "fuzz-jsonlines", "fuzz-sessionfile", "fuzz-lesson"].map {
        .executable(name: $0, targets: [$0])
    }
}
