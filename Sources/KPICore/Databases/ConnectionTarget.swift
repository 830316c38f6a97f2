/// What `connect NAME "…"` names: a SQLite file, or a PostgreSQL server by a
/// `postgresql://` address (libpq's URI form, so every libpq parameter works).
public enum ConnectionTarget: Sendable, Equatable {
    case sqlite(path: String)
    /// The address as written, its password removed (`redacted`), and the password when
    /// the address carried one (kept in memory only, for this connection).
    case postgres(address: String, password: String?)

    /// Reads a connect target: a `postgres://` or `postgresql://` address, otherwise a file.
    public init(_ text: String) {
        guard Secrets.isPostgresAddress(text) else {
            self = .sqlite(path: text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text)
            return
        }
        let (address, password) = Secrets.splitPassword(text)
        self = .postgres(address: address, password: password)
    }

    /// The target as it may be shown and stored: never with a password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let address, let password): return password == nil ? address : Secrets.markingPassword(address)
        }
    }
}

/// Keeps passwords out of everything kpi writes or prints: the journal, the history, a
/// saved session, errors. `postgresql://user:secret@host` becomes `postgresql://user:***@host`,
/// and `password=secret` in a keyword address becomes `password=***`. A saved `***` replays
/// with the password from PGPASSWORD or ~/.pgpass.
public enum Secrets {
    static let schemes = ["postgresql://", "postgres://"]

    static func isPostgresAddress(_ text: String) -> Bool {
        schemes.contains { text.lowercased().hasPrefix($0) }
    }

    /// The address without its password (user kept), and the password if one was written.
    /// `***` is no password: it is what a redacted address says.
    static func splitPassword(_ text: String) -> (address: String, password: String?) {
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else { return (text, nil) }
        let rest = text.dropFirst(scheme.count)
        // The authority ends at the first '/', '?' or '#'; credentials end at its last '@'.
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return (text, nil) }
        let password = String(authority[authority.index(after: colon)..<at])
        let address = String(text.prefix(scheme.count)) + authority[..<colon] + rest[at...]
        return (address, password == "***" || password.isEmpty ? nil : Self.percentDecoded(password))
    }

    /// `address` (without a password) with `:***` after its user, marking that one was given.
    static func markingPassword(_ address: String) -> String {
        guard let scheme = schemes.first(where: { address.lowercased().hasPrefix($0) }) else { return address }
        let rest = address.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return address }
        return String(address.prefix(scheme.count)) + rest[..<at] + ":***" + rest[at...]
    }

    /// `text` with every password in a PostgreSQL address or keyword string replaced by `***`.
    /// Works on bytes (the markers are ASCII, matched without case), so any text is safe.
    public static func redacted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var i = 0
        let stars = Array("***".utf8)
        while i < bytes.count {
            if let scheme = schemes.first(where: { matches($0, in: bytes, at: i) }) {
                let authorityStart = i + scheme.utf8.count
                var end = authorityStart
                while end < bytes.count, !Array("/?#\" \t\n'".utf8).contains(bytes[end]) { end += 1 }
                result += bytes[i..<authorityStart]
                if let at = bytes[authorityStart..<end].lastIndex(of: UInt8(ascii: "@")),
                   let colon = bytes[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")) {
                    result += bytes[authorityStart...colon] + stars + bytes[at..<end]
                } else {
                    result += bytes[authorityStart..<end]
                }
                i = end
            } else if matches("password=", in: bytes, at: i) {
                result += bytes[i..<(i + 9)] + stars
                i += 9
                while i < bytes.count, !Array(" &\"\t\n'".utf8).contains(bytes[i]) { i += 1 }
            } else {
                result.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether the ASCII `word` starts at `index`, ignoring case.
    private static func matches(_ word: String, in bytes: [UInt8], at index: Int) -> Bool {
        let word = Array(word.utf8)
        guard index + word.count <= bytes.count else { return false }
        for k in 0..<word.count {
            var byte = bytes[index + k]
            if byte >= 0x41, byte <= 0x5A { byte += 0x20 }
            if byte != word[k] { return false }
        }
        return true
    }

    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
