import FuzzSupport
import KPICore

/// libFuzzer entry: any bytes as a lesson file (read and parsed, as `kpi lesson` does
/// before it starts) and as a progress file (as `kpi lesson report` reads one).
let fuzzLesson: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { pointer, size in
    guard let data = pointer, size > 0 else { return 0 }
    let path = FuzzFile.write(data, size, name: "input.kpi")
    if let text = try? ScriptFile.read(path) {
        do throws(Diagnostic) {
            let lesson = try LessonReader.read(text, path: path)
            _ = lesson.exercises.map { ($0.checks.map(\.text), $0.solution.map(\.text)) }
        } catch {
            _ = error.description
        }
        do throws(LessonProgress.Problem) {
            _ = try LessonProgress(json: text).json.rendered()
        } catch {
            _ = error.description
        }
    }
    return 0
}

FuzzMain.run(fuzzLesson)
