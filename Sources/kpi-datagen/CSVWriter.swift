import KPICore

import Glibc

/// A failure to create or write an output file, with the path and the system's reason.
struct OutputError: Error {
    let message: String
}

/// Buffers output bytes and writes them in large blocks with `write(2)`.
///
/// Formatting goes straight into bytes (no `String` per field, no locale): a million rows
/// cost a handful of system calls. Money is printed from integer cents so "12.30" is exact.
/// Noncopyable so a copy can never hold buffered bytes that are then lost.
struct CSVWriter: ~Copyable {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8]
    private let flushThreshold = 1 << 20

    /// Creates (or truncates) the file, creating missing parent folders first.
    init(path: String) throws(OutputError) {
        try Self.createParentFolders(of: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw OutputError(message: "cannot create \(path): \(Self.reason())")
        }
        descriptor = fd
        self.path = path
        buffer = []
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    // MARK: Fields

    mutating func bytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    mutating func text(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func byte(_ ascii: Unicode.Scalar) {
        buffer.append(UInt8(ascii: ascii))
    }

    mutating func comma() {
        buffer.append(UInt8(ascii: ","))
    }

    /// Ends a row with LF and flushes when the buffer is full.
    mutating func newline() throws(OutputError) {
        buffer.append(UInt8(ascii: "\n"))
        try flushIfFull()
    }

    /// Ends a row with CRLF, as Windows-made exports do.
    mutating func crlf() throws(OutputError) {
        buffer.append(UInt8(ascii: "\r"))
        buffer.append(UInt8(ascii: "\n"))
        try flushIfFull()
    }

    mutating func int(_ value: Int) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        digits(UInt(value.magnitude), width: 1)
    }

    /// An integer left-padded with zeros to `width` digits (dates, ids).
    mutating func padded(_ value: Int, width: Int) {
        digits(UInt(value.magnitude), width: width)
    }

    /// A fixed-point number given in hundredths: `cents(123450)` → `1234.50`.
    mutating func cents(_ hundredths: Int) {
        if hundredths < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        let magnitude = hundredths.magnitude
        digits(magnitude / 100, width: 1)
        buffer.append(UInt8(ascii: "."))
        digits(magnitude % 100, width: 2)
    }

    /// `YYYY-MM-DD`.
    mutating func date(_ day: Day) {
        let (year, month, dayOfMonth) = day.components
        padded(year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        padded(month, width: 2)
        buffer.append(UInt8(ascii: "-"))
        padded(dayOfMonth, width: 2)
    }

    /// `YYYY-MM-DDTHH:MM:SS` from a day and the seconds since its midnight.
    mutating func dateTime(_ day: Day, second: Int) {
        date(day)
        buffer.append(UInt8(ascii: "T"))
        padded(second / 3600, width: 2)
        buffer.append(UInt8(ascii: ":"))
        padded(second / 60 % 60, width: 2)
        buffer.append(UInt8(ascii: ":"))
        padded(second % 60, width: 2)
    }

    private mutating func digits(_ value: UInt, width: Int) {
        var count = 1
        var power: UInt = 10
        while count < 20 && value >= power {
            count += 1
            power &*= 10
        }
        count = max(count, width)
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        var position = start + count - 1
        while rest > 0 {
            buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
            position -= 1
        }
    }

    // MARK: Output

    private mutating func flushIfFull() throws(OutputError) {
        if buffer.count >= flushThreshold {
            try flush()
        }
    }

    private mutating func flush() throws(OutputError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            guard written > 0 else {
                throw OutputError(message: "cannot write \(path): \(Self.reason())")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and closes the file.
    consuming func close() throws(OutputError) {
        try flush()
        guard Glibc.close(descriptor) == 0 else {
            throw OutputError(message: "cannot close \(path): \(Self.reason())")
        }
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }

    /// `mkdir -p` of the folder part of `path`.
    private static func createParentFolders(of path: String) throws(OutputError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var prefix = ""
        for (position, part) in parts.enumerated() {
            prefix += position == 0 ? String(part) : "/" + part
            if prefix.isEmpty || part.isEmpty || part == "." {
                continue
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw OutputError(message: "cannot create folder \(prefix): \(reason())")
            }
        }
    }
}
