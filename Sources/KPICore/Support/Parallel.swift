import Dispatch

/// Independent jobs on every core, with the results in the jobs' order, so that what is
/// computed does not depend on how many cores there are.
enum Parallel {
    static func map<T>(_ count: Int, _ job: (Int) -> T) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let output = results
        withoutActuallyEscaping(job) { job in
            nonisolated(unsafe) let work = job
            DispatchQueue.concurrentPerform(iterations: count) { k in output[k] = work(k) }
        }
        return results.map { $0! }
    }
}
