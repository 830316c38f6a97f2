import Synchronization

/// Set from a signal handler (Ctrl-C) and polled by long work such as loading,
/// which then stops and leaves the workspace as it was.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// The process-wide flag that the command line's SIGINT handler sets.
    public static let shared = CancellationFlag()

    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Safe to call from a signal handler: a single lock-free store.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    public func reset() { flag.store(false, ordering: .relaxed) }
}
