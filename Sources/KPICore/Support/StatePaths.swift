import Glibc

/// Where kpi keeps its state: `$XDG_STATE_HOME/kpi` (default `~/.local/state/kpi`).
public enum StatePaths {
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    public static var stateDirectory: String {
        if let xdg = environment("XDG_STATE_HOME") { return xdg + "/kpi" }
        return (environment("HOME") ?? "/tmp") + "/.local/state/kpi"
    }

    /// The line-editing history: `KPI_HISTORY`, or `history` in the state directory.
    public static var historyFile: String {
        environment("KPI_HISTORY") ?? stateDirectory + "/history"
    }

    public static var journalDirectory: String { stateDirectory + "/journal" }

    /// Creates `path` and its parents (like `mkdir -p`), new folders with `mode`; true when
    /// it exists afterwards. State folders (journal, history) are private: 0700, as psql's
    /// and bash's are, since they hold everything typed.
    @discardableResult
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) -> Bool {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
