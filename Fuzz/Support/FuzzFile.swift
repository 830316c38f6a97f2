import Glibc
import KPICore

/// Fuzz inputs as real files (the readers map files), in a folder of this process's own.
public enum FuzzFile {
    private static let folder: String = {
        let path = "/tmp/kpi-fuzz-\(getpid())"
        mkdir(path, 0o700)
        return path
    }()

    /// Writes the input to `folder/name` and returns the path.
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
        let path = folder + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if descriptor >= 0 {
            var written = 0
            while written < size {
                let count = Glibc.write(descriptor, data + written, size - written)
                if count <= 0 { break }
                written += count
            }
            close(descriptor)
        }
        return path
    }

    /// Loads the input as a table and runs the statements that read every column.
    public static func load(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) {
        let path = write(data, size, name: name)
        let session = Session(journal: nil, cancellation: CancellationFlag())
        session.run(SourceText(name: "<fuzz>", text: "load \"\(path)\" as t; describe t; head t 5; metric n = count(t); show n last 3"))
    }
}
