import CPseudoTerminal
import Foundation
import Glibc

/// Runs a program on a pseudo-terminal, so it sees a real terminal: it can be
/// sent keys (Tab, arrows, Ctrl-C, Ctrl-D) and its screen output read back.
final class PseudoTerminal {
    private let master: Int32
    let pid: pid_t
    /// Everything the program wrote, escape sequences included.
    private(set) var transcript = ""

    init(_ path: String, arguments: [String], environment: [String: String], directory: String) throws {
        var name = [CChar](repeating: 0, count: 256)
        master = kpi_pty_open(&name, UInt(name.count), 30, 100)
        guard master >= 0 else { throw Failure(message: "no pseudo-terminal: \(String(cString: strerror(errno)))") }
        let slave = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened in the child after setsid, the terminal becomes its controlling
        // terminal, so Ctrl-C sends it SIGINT as at a real prompt.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        kpi_pty_add_chdir(&actions, directory)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session (POSIX_SPAWN_SETSID), with signals unblocked and at their
        // defaults (SETSIGMASK, SETSIGDEF): test runner threads block SIGINT.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(0x80 | 0x08 | 0x04))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(message: "spawn failed: \(String(cString: strerror(status)))") }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The environment of a shell at a real terminal, its state (history, journal,
    /// progress) and home in `state`, colour allowed.
    static func environment(state: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["LANG"] = "C.UTF-8"
        environment["XDG_STATE_HOME"] = state
        environment["KPI_HISTORY"] = state + "/history"
        environment["HOME"] = state
        environment.removeValue(forKey: "NO_COLOR")
        return environment
    }

    /// Types `keys` (raw bytes: "\t" is Tab, "\u{3}" Ctrl-C, "\u{1B}[A" Up).
    func send(_ keys: String) {
        _ = keys.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// The screen text so far, without escape sequences.
    var screen: String { Self.plain(transcript) }

    /// A position in `screen` to wait from, so earlier output does not match.
    var mark: Int { screen.count }

    /// Reads output until `text` appears in the screen after `since` (a `mark`), or the
    /// time is up; returns the position just after it.
    @discardableResult
    func waitFor(_ text: String, after since: Int = 0, seconds: Double = 10) throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let tail = screen.dropFirst(since)
            if let found = tail.range(of: text) { return since + tail.distance(from: tail.startIndex, to: found.upperBound) }
            readAvailable(timeoutMilliseconds: 100)
        }
        throw Failure(message: "timed out waiting for \(text.debugDescription); screen so far:\n" + screen)
    }

    /// Waits for a fresh prompt after `since`, then a moment more: libedit prints the
    /// prompt before it switches the terminal to raw mode, and keys that arrive in
    /// between are echoed by the terminal (or, for Ctrl-D, eaten as end of file).
    func waitForPrompt(_ prompt: String = "kpi> ", after since: Int) throws {
        try waitFor(prompt, after: since)
        usleep(150_000)
        readAvailable(timeoutMilliseconds: 0)
    }

    private func readAvailable(timeoutMilliseconds: Int32) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMilliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        if count > 0 { transcript += String(decoding: buffer[0..<count], as: UTF8.self) }
    }

    /// Waits for the program to end and returns its exit status.
    func waitForExit(seconds: Double = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while Date() < deadline {
            readAvailable(timeoutMilliseconds: 50)
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
        }
        throw Failure(message: "the program did not exit; screen:\n" + Self.plain(transcript))
    }

    /// Output without terminal escape sequences and carriage returns.
    static func plain(_ text: String) -> String {
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(c.value >= 0x40 && c.value <= 0x7E) {}
                }
                continue
            }
            if scalar == "\r" || scalar == "\u{7}" { continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
