/// Loads a data file into a `Table`: picks the format, sniffs the delimiter,
/// reads, names the columns and checks the header.
enum TableLoader {
    /// File formats by extension; anything else is sniffed from the content.
    private static let unsupported: Set<String> = ["xlsx", "xls", "xlsm", "ods", "parquet", "zip", "gz", "pdf", "numbers"]

    static func load(path: String, displayPath: String, name: String,
                     cancellation: CancellationFlag?) throws(LoadFailure) -> Table {
        let ext = path.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }
            .map { $0.lowercased() } ?? ""
        if unsupported.contains(ext) { throw .file(.unsupportedFormat(ext)) }
        let file = try MappedFile(path: path)
        try file.checkText()
        let start = file.hasUTF8BOM ? 3 : 0
        guard start < file.count else { throw .file(.empty) }
        let output: DelimitedReader.Output
        let format: String
        if ["jsonl", "ndjson", "json"].contains(ext) || firstNonSpace(file, from: start) == 0x7B {
            output = try JSONLinesReader(base: file.bytes, start: start, end: file.count, cancellation: cancellation).read()
            format = "JSON Lines"
        } else {
            let delimiter = ext == "tsv" || ext == "tab" ? 0x09 : sniffDelimiter(file.bytes, start, file.count)
            let reader = DelimitedReader(base: file.bytes, start: start, end: file.count, delimiter: delimiter,
                                         cancellation: cancellation)
            output = try reader.read()
            format = delimiter == 0x09 ? "TSV" : delimiter == 0x3B ? "CSV (;)" : delimiter == 0x7C ? "CSV (|)" : "CSV"
        }
        let names = try columnNames(output.headers, headerLine: headerLine(file, from: start))
        let assembled = output.columns
        let columns = names.indices.map { index in
            var column = Column(name: names[index], header: output.headers[index], data: assembled[index].data)
            column.isPercent = assembled[index].isPercent
            column.currency = assembled[index].currency
            column.zones = assembled[index].zones
            return column
        }
        return Table(name: name, path: displayPath, columns: columns, rowCount: output.rowCount, format: format)
    }

    /// The first line of the file, to quote in header errors.
    private static func headerLine(_ file: MappedFile, from start: Int) -> String {
        var end = start
        while end < file.count, end - start < 400, file.bytes[end] != 0x0A { end += 1 }
        if end > start, file.bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: UnsafeBufferPointer(start: file.bytes + start, count: end - start), as: UTF8.self)
    }

    private static func firstNonSpace(_ file: MappedFile, from start: Int) -> UInt8? {
        var i = start
        while i < file.count, [0x20, 0x09, 0x0D, 0x0A].contains(file.bytes[i]) { i += 1 }
        return i < file.count ? file.bytes[i] : nil
    }

    /// Identifiers for the header cells; an empty or duplicate name is an error.
    static func columnNames(_ headers: [String], headerLine: String) throws(LoadFailure) -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, header) in headers.enumerated() {
            let name = Identifier.from(header)
            guard !name.isEmpty else { throw .data(.emptyColumnName(position: index + 1, header: header, excerpt: headerLine)) }
            if let first = seen[name] {
                throw .data(.duplicateColumn(name: name, first: first + 1, second: index + 1, headers: headers,
                                             excerpt: headerLine))
            }
            seen[name] = index
            names.append(name)
        }
        return names
    }

    /// The delimiter among `,` `;` tab `|` that splits the first lines most
    /// consistently (same non-zero count on most lines, preferring more fields).
    static func sniffDelimiter(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt8 {
        let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
        var counts = [[Int]](repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var i = start
        let limit = min(end, start + (1 << 16))
        while i < limit, counts[0].count < 30 {
            let byte = p[i]
            if byte == 0x22 {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == 0x0A {
                    for k in candidates.indices { counts[k].append(current[k]) }
                    current = current.map { _ in 0 }
                } else if let k = candidates.firstIndex(of: byte) {
                    current[k] += 1
                }
            }
            i += 1
        }
        if current.contains(where: { $0 > 0 }) {
            for k in candidates.indices { counts[k].append(current[k]) }
        }
        var best: (delimiter: UInt8, score: Int) = (0x2C, 0)
        for (k, lines) in counts.enumerated() {
            guard let header = lines.first, header > 0 else { continue }
            let consistent = lines.filter { $0 == header }.count
            let score = consistent * 1000 + header
            if score > best.score { best = (candidates[k], score) }
        }
        return best.delimiter
    }
}
