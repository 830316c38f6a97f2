import Glibc
@testable import KPICore
import KPIRender

/// Paths and helpers shared by the unit tests.
enum Fixtures {
    /// `Tests/KPICoreTests/Fixtures/NAME`.
    static func path(_ name: String) -> String {
        let file = String(#filePath)
        return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures/" + name
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporary(_ text: String, name: String = "data.csv") -> String {
        var template = Array("/tmp/kpi-test-XXXXXX".utf8CString)
        let folder = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let path = folder + "/" + name
        let file = fopen(path, "w")!
        fputs(text, file)
        fclose(file)
        return path
    }
}

/// A session without a journal that collects what its statements print.
final class Recorder {
    let session: Session
    var outputs: [Output] = []

    init(cancellation: CancellationFlag = CancellationFlag()) {
        session = Session(journal: nil, cancellation: cancellation)
        session.emit = { [unowned self] in self.outputs.append($0) }
    }

    /// Runs `text` and returns the diagnostic it failed with, if any.
    @discardableResult
    func run(_ text: String) -> Diagnostic? {
        if case .failed(let diagnostic) = session.run(SourceText(name: "<test>", text: text)) { return diagnostic }
        return nil
    }

    /// Loads a file and returns the table, or the rendered error.
    func load(_ path: String) -> Result<Table, LoadError> {
        if let diagnostic = run("load \"\(path)\" as t") { return .failure(LoadError(text: diagnostic.description)) }
        return .success(session.workspace.table(named: "t")!)
    }

    struct LoadError: Error { var text: String }
}

extension Table {
    func numbers(_ name: String) -> [Double]? {
        if case .number(let values)? = column(named: name)?.data { return values.doubles }
        return nil
    }

    /// Bytes a row of a number column takes.
    func numberWidth(_ name: String) -> Int? {
        if case .number(let values)? = column(named: name)?.data { return values.width }
        return nil
    }

    /// Bytes a row of a text column's codes take.
    func codeWidth(_ name: String) -> Int? {
        if case .text(let codes, _)? = column(named: name)?.data { return codes.width }
        return nil
    }

    /// A text column's distinct values, in code order.
    func dictionary(_ name: String) -> [String]? {
        if case .text(_, let dictionary)? = column(named: name)?.data { return dictionary }
        return nil
    }

    func texts(_ name: String) -> [String?]? {
        if case .text(let codes, let dictionary)? = column(named: name)?.data {
            return codes.map { $0 < 0 ? nil : dictionary[Int($0)] }
        }
        return nil
    }

    func days(_ name: String) -> [String?]? {
        if case .date(let days)? = column(named: name)?.data {
            return days.map { $0 == ColumnData.nullDate ? nil : CivilDate.format(Int($0)) }
        }
        return nil
    }
}

extension GoalReport.Letter {
    /// The reason as `goals` prints it.
    var text: String { GoalWording.text(reason) }
    /// The mark as `goals` draws it on a terminal.
    var glyph: String { GoalWording.glyph(mark) }
}

/// The last output was not of the kind a test expected.
struct UnexpectedOutput: Error, CustomStringConvertible {
    var expected: String
    var found: Output?
    var description: String { "expected \(expected), found \(found.map { "\($0)" } ?? "no output")" }
}

extension Recorder {
    /// The last output taken apart as `case`; throws (failing the test) when it is another kind.
    func last<T>(_ case: KeyPath<Output, T?>, _ name: String = "\(T.self)") throws -> T {
        guard let output = outputs.last, let value = output[keyPath: `case`] else {
            throw UnexpectedOutput(expected: name, found: outputs.last)
        }
        return value
    }
}

/// Each kind of output as an optional, for `Recorder.last(\.view)`.
extension Output {
    var view: MetricView? { if case .view(let v) = self { v } else { nil } }
    var chart: MetricView? { if case .chart(let v) = self { v } else { nil } }
    var forecast: ForecastView? { if case .forecast(let v) = self { v } else { nil } }
    var forecastExplanation: ForecastView? { if case .forecastExplanation(let v) = self { v } else { nil } }
    var goals: GoalsView? { if case .goals(let v) = self { v } else { nil } }
    var scorecard: Scorecard? { if case .scorecard(let v) = self { v } else { nil } }
    var catalog: CatalogView? { if case .catalog(let v) = self { v } else { nil } }
    var explanation: Explanation? { if case .explanation(let v) = self { v } else { nil } }
    var message: String? { if case .message(let v) = self { v } else { nil } }
    var rows: RowSet? { if case .rows(let v) = self { v } else { nil } }
    var comparison: ComparisonView? { if case .comparison(let v) = self { v } else { nil } }
    var solved: SolveResult? { if case .solved(let v) = self { v } else { nil } }
    var sensitivity: SensitivityView? { if case .sensitivity(let v) = self { v } else { nil } }
    var simulation: SimulationView? { if case .simulation(let v) = self { v } else { nil } }
}
