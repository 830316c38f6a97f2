import Glibc
import KPICore
import KPIRender
import LineEditor

/// Prints outputs to standard output and errors to standard error, each styled
/// for its own stream.
struct Console {
    let output: OutputRenderer
    let errors: OutputRenderer

    func show(_ result: Output) {
        var renderer = output
        if renderer.style.width != nil { renderer.style.width = LineEditor.terminalWidth(1) }  // follow resizes
        guard let text = renderer.render(result) else { return }
        write(text + "\n")
    }

    func show(_ diagnostic: Diagnostic) {
        fail(errors.render(diagnostic))
    }

    func fail(_ message: String) {
        Self.write(message + "\n", to: 2)
    }

    func write(_ text: String) {
        Self.write(text, to: 1)
    }

    /// Unbuffered writes (the whole text at once), so stdout and stderr stay in order.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
