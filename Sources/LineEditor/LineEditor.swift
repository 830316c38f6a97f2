import CEditLine
import Glibc

/// Reads lines at the terminal through libedit: emacs keys, history kept in a
/// file, Ctrl-R search, tab completion through a Swift closure.
///
/// One editor exists per process (libedit calls back through plain C function
/// pointers, which reach it through `LineEditor.current`).
public final class LineEditor {
    /// What one read produced.
    public enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the input closed.
        case endOfInput
    }

    /// The words a completion offers for the text before the cursor, and how much
    /// of that text (the word being completed) they replace.
    public struct Completion {
        public var word: String
        public var candidates: [String]

        public init(word: String, candidates: [String]) {
            self.word = word
            self.candidates = candidates
        }
    }

    nonisolated(unsafe) private static var current: LineEditor?

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String?
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private let complete: (String) -> Completion

    /// - Parameters:
    ///   - historyFile: where history is loaded from and saved to after each line.
    ///   - complete: candidates for the text before the cursor.
    public init(program: String, historyFile: String?, complete: @escaping (String) -> Completion) {
        kpi_set_ctype_locale()
        editLine = kpi_el_init(program)
        history = kpi_history_init()
        self.historyFile = historyFile
        self.complete = complete
        promptBuffer = strdup("")
        kpi_history_set_size(history, 2000)
        kpi_history_set_unique(history, 1)
        if let historyFile { kpi_history_load(history, historyFile) }
        kpi_el_set_editor(editLine, "emacs")
        kpi_el_set_signal(editLine, 1)
        kpi_el_set_history(editLine, history)
        kpi_el_set_prompt(editLine) { _ in LineEditor.current?.promptBuffer }
        kpi_el_add_function(editLine, "kpi-complete", "complete the word before the cursor") { _, _ in
            LineEditor.current?.completeAtCursor() ?? UInt8(CC_ERROR)
        }
        kpi_el_bind(editLine, "^I", "kpi-complete")
        kpi_el_bind(editLine, "^R", "em-inc-search-prev")
        el_source(editLine, nil)
        LineEditor.current = self
    }

    deinit {
        history_end(history)
        el_end(editLine)
        free(promptBuffer)
    }

    /// Reads one line (without its newline).
    public func read(prompt: String) -> Input {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        var count: Int32 = 0
        errno = 0
        guard let line = el_gets(editLine, &count) else {
            // EINTR is Ctrl-C; anything else (EIO when the terminal went away,
            // end of file) ends the input, or the loop would spin on a dead terminal.
            return count < 0 && errno == EINTR ? .interrupted : .endOfInput
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Adds an entry to the history and saves the file, so a killed terminal keeps it.
    public func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        kpi_history_enter(history, entry)
        guard let historyFile else { return }
        if let slash = historyFile.lastIndex(of: "/") { makePrivateDirectories(String(historyFile[..<slash])) }
        // Created 0600 before libedit writes it, so what was typed is never readable by others.
        let descriptor = open(historyFile, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
        }
        kpi_history_save(history, historyFile)
    }

    /// `mkdir -p` with new folders 0700 (the history's folder is private, as bash's is).
    private func makePrivateDirectories(_ path: String) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o700)
        }
    }

    /// Tab: one candidate is inserted; several insert their common start, and
    /// when that adds nothing they are listed under the line.
    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: length).bindMemory(to: UInt8.self),
                            as: UTF8.self)
        let completion = complete(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Self.commonPrefix(completion.candidates)
        if common.count > completion.word.count {
            el_insertstr(editLine, String(common.dropFirst(completion.word.count)))
            return UInt8(CC_REFRESH)
        }
        if completion.candidates.count == 1 { return UInt8(CC_REFRESH) }
        print("\n" + Self.columns(completion.candidates), terminator: "\n")
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Candidates laid out in columns across an 80-column line.
    static func columns(_ words: [String]) -> String {
        let width = (words.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 80 / width)
        var lines: [String] = []
        for start in stride(from: 0, to: words.count, by: perLine) {
            let row = words[start..<min(words.count, start + perLine)]
            lines.append(row.map { $0 + String(repeating: " ", count: width - $0.count) }.joined().trailingSpacesTrimmed())
        }
        return lines.joined(separator: "\n")
    }

    /// The width in columns of the terminal on `descriptor`, nil when it is not one.
    public static func terminalWidth(_ descriptor: Int32 = 1) -> Int? {
        let columns = Int(kpi_terminal_columns(descriptor))
        return columns > 0 ? columns : nil
    }

    /// Installs `handler` for SIGINT without restarting reads, so Ctrl-C at the
    /// prompt makes `read` return `.interrupted`.
    public static func installInterruptHandler(_ handler: @convention(c) (Int32) -> Void) {
        kpi_install_interrupt_handler(handler)
    }
}

extension String {
    fileprivate func trailingSpacesTrimmed() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
