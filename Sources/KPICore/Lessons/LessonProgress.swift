import Glibc

/// A student's progress through a lesson: per exercise its status, attempts, hints, time
/// and the wrong values given, and the statements they ran (replayed on resume, so the
/// session is theirs again). Saved as JSON after every step, in the state folder or
/// where `--progress` says; `kpi lesson report` reads a folder of them.
public struct LessonProgress: Sendable, Equatable {
    public static let format = 1

    public var lesson: String
    public var file: String
    public var student: String
    public var exercises: [ExerciseProgress]
    /// Statements the student ran after the last exercise, replayed after the lesson.
    public var afterwards: [String] = []

    /// One exercise's record.
    public struct ExerciseProgress: Sendable, Equatable {
        public enum Status: String, Sendable {
            case open, done, skipped
        }

        public var name: String
        public var status: Status
        /// Statements typed at this exercise that changed the session or failed.
        public var attempts: Int
        public var hints: Int
        public var sawSolution: Bool
        /// Time on task, idle gaps counted up to `LessonRun.idleLimit`.
        public var seconds: Double
        /// Per wrong attempt, what the first failing check found: a value check's value
        /// alone (`0.015`), another check's words (`there is no objective grow`).
        public var wrong: [String]
        /// Statements run here that succeeded (a skip's solution included), for the replay.
        public var statements: [String]

        public init(name: String, status: Status = .open, attempts: Int = 0, hints: Int = 0, sawSolution: Bool = false,
                    seconds: Double = 0, wrong: [String] = [], statements: [String] = []) {
            self.name = name
            self.status = status
            self.attempts = attempts
            self.hints = hints
            self.sawSolution = sawSolution
            self.seconds = seconds
            self.wrong = wrong
            self.statements = statements
        }
    }

    /// A fresh record for `lesson`.
    public init(lesson: Lesson, student: String) {
        self.lesson = lesson.title
        self.file = lesson.path
        self.student = student
        exercises = lesson.exercises.map { ExerciseProgress(name: $0.name) }
    }

    /// The first exercise not done or skipped; nil when the lesson is finished.
    public var current: Int? { exercises.firstIndex { $0.status == .open } }

    public var doneCount: Int { exercises.filter { $0.status == .done }.count }
    public var skippedCount: Int { exercises.filter { $0.status == .skipped }.count }

    /// Whether anything was done yet: then playing the lesson resumes rather than starts.
    public var hasWork: Bool {
        exercises.contains { $0.status != .open || !$0.statements.isEmpty } || !afterwards.isEmpty
    }

    /// This record matched to `lesson` (which may have changed since): exercises by name,
    /// new ones open, removed ones dropped.
    /// The statements of an exercise the lesson no longer has go with the next exercise it
    /// still has (they came before it), or after the lesson, so no work is lost.
    public func aligned(to lesson: Lesson) -> LessonProgress {
        var copy = LessonProgress(lesson: lesson, student: student)
        copy.afterwards = afterwards
        var orphaned: [String] = []
        for saved in exercises {
            guard let index = copy.exercises.firstIndex(where: { $0.name == saved.name }) else {
                orphaned += saved.statements
                continue
            }
            copy.exercises[index] = saved
            copy.exercises[index].statements = orphaned + saved.statements
            orphaned = []
        }
        copy.afterwards = orphaned + copy.afterwards
        return copy
    }

    // MARK: JSON

    public var json: JSONValue {
        .object([
            ("format", .number(Double(Self.format))),
            ("lesson", .string(lesson)),
            ("file", .string(file)),
            ("student", .string(student)),
            ("exercises", .array(exercises.map { exercise in
                .object([
                    ("name", .string(exercise.name)),
                    ("status", .string(exercise.status.rawValue)),
                    ("attempts", .number(Double(exercise.attempts))),
                    ("hints", .number(Double(exercise.hints))),
                    ("solution", .bool(exercise.sawSolution)),
                    ("seconds", .number((exercise.seconds * 10).rounded() / 10)),
                    ("wrong", .array(exercise.wrong.map(JSONValue.string))),
                    ("statements", .array(exercise.statements.map(JSONValue.string))),
                ])
            })),
            ("afterwards", .array(afterwards.map(JSONValue.string))),
        ])
    }

    /// Why a progress file cannot be read.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case syntax(JSONValue.SyntaxError)
        case futureFormat(Int)
        case missing(String)
        /// A field with a value it cannot have: the field and what it may be.
        case invalid(field: String, expected: String)
        case unreadable(FileProblem)
        /// The path is a folder.
        case folder
        /// The file holds another lesson's progress: its title and file.
        case otherLesson(title: String, file: String)

        public var description: String {
            switch self {
            case .syntax(let error): return "not JSON (\(error))"
            case .futureFormat(let version): return "written in progress format \(version) by a newer kpi; this one reads format \(LessonProgress.format)"
            case .missing(let field): return "it has no \(field)"
            case .invalid(let field, let expected): return "its \(field) must be \(expected)"
            case .unreadable(let problem): return problem.message(path: "the file")
            case .folder: return "it is a folder"
            case .otherLesson(let title, let file): return "it holds the progress of another lesson, \"\(title)\" (\(file))"
            }
        }
    }

    public init(json text: String) throws(Problem) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw .syntax(error)
        }
        guard let version = value["format"]?.number else { throw .missing("\"format\"") }
        guard version == version.rounded(), version >= 1, version <= 1_000 else {
            throw .invalid(field: "\"format\"", expected: "a whole number (\(Self.format))")
        }
        guard Int(version) <= Self.format else { throw .futureFormat(Int(version)) }
        guard let lesson = value["lesson"]?.string else { throw .missing("\"lesson\" (the lesson's title)") }
        guard let items = value["exercises"]?.array else { throw .missing("\"exercises\" list") }
        self.lesson = lesson
        file = value["file"]?.string ?? ""
        student = value["student"]?.string ?? ""
        exercises = []
        for (index, item) in items.enumerated() {
            guard let name = item["name"]?.string else { throw .missing("name for exercise \(index + 1)") }
            var exercise = ExerciseProgress(name: name)
            guard let text = item["status"]?.string else { throw .missing("status for exercise \(name)") }
            guard let status = ExerciseProgress.Status(rawValue: text) else {
                throw .invalid(field: "status for exercise \(name) (\"\(text)\")", expected: "open, done or skipped")
            }
            exercise.status = status
            exercise.attempts = try Self.count(item["attempts"], "attempts for exercise \(name)")
            exercise.hints = try Self.count(item["hints"], "hints for exercise \(name)")
            exercise.sawSolution = item["solution"]?.bool ?? false
            let seconds = item["seconds"]?.number ?? 0
            guard seconds >= 0, seconds <= 1_000_000_000 else {
                throw .invalid(field: "seconds for exercise \(name)", expected: "a number from 0 to 1,000,000,000")
            }
            exercise.seconds = seconds
            exercise.wrong = item["wrong"]?.array?.compactMap(\.string) ?? []
            exercise.statements = item["statements"]?.array?.compactMap(\.string) ?? []
            exercises.append(exercise)
        }
        afterwards = value["afterwards"]?.array?.compactMap(\.string) ?? []
    }

    /// A count in a progress file: a whole number from 0 to a billion (0 when absent), so
    /// a hand-edited file cannot overflow the sums of a class report.
    private static func count(_ value: JSONValue?, _ field: String) throws(Problem) -> Int {
        guard let value else { return 0 }
        guard let x = value.number, x == x.rounded(), x >= 0, x <= 1_000_000_000 else {
            throw .invalid(field: field, expected: "a whole number from 0 to 1,000,000,000")
        }
        return Int(x)
    }

    // MARK: Files

    /// Where a lesson's progress is kept by default: `lessons/NAME-HASH.json` in the state
    /// folder, the hash of the lesson file's real path, so two lessons of the same name
    /// in different folders keep apart.
    public static func defaultPath(for lessonPath: String) -> String {
        let real = FilePolicy.realTarget(lessonPath)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in real.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let base = LessonReader.baseName(real)
        let hex = String(hash >> 32, radix: 16)
        return StatePaths.stateDirectory + "/lessons/\(base)-\(String(repeating: "0", count: 8 - hex.count) + hex).json"
    }

    public static func isInStateFolder(_ path: String) -> Bool { path.hasPrefix(StatePaths.stateDirectory + "/") }

    /// Writes the record (atomically: a temporary file renamed into place). A missing
    /// folder is made private in the state folder, readable elsewhere (a class folder the
    /// trainer collects from).
    public func save(to path: String) throws(ScriptFile.WriteError) {
        let folder = FilePolicy.folder(of: path)
        StatePaths.makeDirectories(folder, mode: Self.isInStateFolder(path) ? 0o700 : 0o755)
        try ScriptFile.write(json.rendered() + "\n", to: path)
    }

    /// The progress at `path` to play `lesson` from: nil when there is none, or with
    /// `restart`. Throws rather than let playing overwrite a folder, a file that is not a
    /// progress file, or another lesson's progress (another file whose title differs or
    /// that shares no exercise with this one).
    public static func resumable(at path: String, for lesson: Lesson, restart: Bool) throws(Problem) -> LessonProgress? {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw .folder }
        let saved: LessonProgress
        do {
            guard let found = try load(from: path) else { return nil }
            saved = found
        } catch {
            // kpi's own file in the state folder may be replaced when it is broken; a file
            // named with --progress that does not read as progress may be anything.
            if restart, isInStateFolder(path) { return nil }
            throw error
        }
        let sameFile = defaultPath(for: saved.file) == defaultPath(for: lesson.path)
        let shared = Set(saved.exercises.map(\.name)).intersection(lesson.exercises.map(\.name))
        if !sameFile, saved.lesson != lesson.title || shared.isEmpty { throw .otherLesson(title: saved.lesson, file: saved.file) }
        return restart ? nil : saved
    }

    /// The record saved at `path`; nil when there is none.
    public static func load(from path: String) throws(Problem) -> LessonProgress? {
        let text: String
        do {
            text = try ScriptFile.read(path)
        } catch {
            if case .notFound = error { return nil }
            throw .unreadable(error)
        }
        return try LessonProgress(json: text)
    }
}
