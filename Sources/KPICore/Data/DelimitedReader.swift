import Dispatch
import Glibc

/// Why a reader gave up, before the loader attaches the statement's place.
enum LoadFailure: Error {
    case file(FileProblem)
    case data(DataProblem)
    case cancelled
}

/// Reads CSV, TSV and `;`-separated text from bytes into typed columns.
///
/// The data is split into chunks at line ends, parsed in parallel, each chunk straight
/// into the columns' final arrays from its first row (`ColumnStorage`). A chunk that
/// started inside a quoted field is caught (the previous chunk's last row runs past its
/// start) and the rest is re-read sequentially, so quoted newlines are always right. Types come from a sample
/// of the first rows; a later value that does not fit widens the column and the
/// data is read again (rare, and only ever widening, so it ends).
struct DelimitedReader: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    /// Offset of the first byte after a BOM.
    let start: Int
    let end: Int
    let delimiter: UInt8
    let cancellation: CancellationFlag?

    private static let quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    private static let sampleRows = 1000

    struct Output {
        var headers: [String]
        var columns: [ColumnAssembler.Assembled]
        var rowCount: Int
    }

    func read() throws(LoadFailure) -> Output {
        var position = start
        let headers = try readHeader(&position)
        let dataStart = position
        let samples = sample(from: dataStart, columns: headers.count)
        let layout = LineChunks.layout(base, from: dataStart, to: end, keepingPages: LineChunks.keepsPages(bytes: end - dataStart),
                                       cancellation: cancellation)
        return try ColumnAssembler.read(headers, samples, capacity: layout.capacity, cancellation: cancellation) {
            (types, storage) throws(LoadFailure) in try parseAll(layout, types: types, storage: storage)
        }
    }

    private func readHeader(_ position: inout Int) throws(LoadFailure) -> [String] {
        var scratch: [UInt8] = []
        var cells: [String] = []
        while true {
            let field = scanField(&position)
            try check(field)
            let text = withBytes(of: field, &scratch) { p, n in
                String(validating: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            }
            guard let text else { throw .file(.notUTF8(line: 1)) }
            cells.append(text)
            if field.end != .delimiter { return cells }
        }
    }

    // MARK: Fields

    enum FieldEnd: Equatable {
        case delimiter, newline, endOfInput
        case unterminatedQuote(at: Int)
        case textAfterQuote(at: Int)
    }

    struct Field {
        var start: Int
        var stop: Int
        /// Holds doubled quotes that must be unescaped.
        var escaped: Bool
        var end: FieldEnd
    }

    /// Scans one field from `position`, leaving `position` after its terminator.
    @inline(__always)
    func scanField(_ position: inout Int) -> Field {
        let fieldStart = position
        var i = position
        while i < end, base[i] == 0x20 { i += 1 }
        if i < end, base[i] == Self.quote { return scanQuoted(&position, opening: i) }
        i = position
        while i < end {
            let byte = base[i]
            if byte == delimiter || byte == Self.newline { break }
            i += 1
        }
        var stop = i
        let terminator: FieldEnd
        if i == end {
            terminator = .endOfInput
            position = end
        } else {
            terminator = base[i] == delimiter ? .delimiter : .newline
            position = i + 1
        }
        if terminator != .delimiter, stop > fieldStart, base[stop - 1] == Self.carriageReturn { stop -= 1 }
        return Field(start: fieldStart, stop: stop, escaped: false, end: terminator)
    }

    /// Where a field read by `plainField` ended: `stop` after its value, `next` after its
    /// terminator, and whether that was the delimiter (more fields follow).
    struct PlainField {
        var stop: Int
        var next: Int
        var delimited: Bool
    }

    /// The commonest fields, read while they are scanned and written to `builder`: plain
    /// digits in a number column, `YYYY-MM-DD` in a date column, unquoted text. One pass over
    /// the bytes instead of a scan and then a parse; nil (nothing written) for anything
    /// else, which the general scan and `FieldValueParser` take.
    @inline(__always)
    private func plainField(at position: Int, into builder: inout ColumnBuilder) -> PlainField? {
        switch builder.type {
        case .number:
            guard let (mantissa, decimals, field) = plainNumber(at: position) else { return nil }
            builder.append(mantissa: mantissa, decimals: decimals)
            return field
        case .date:
            guard position + 10 <= end, let field = terminator(at: position + 10),
                  let day = FieldValueParser.date(base + position, 10) else { return nil }
            builder.append(day: Int32(truncatingIfNeeded: day))
            return field
        case .text:
            guard let (hash, field) = plainText(at: position) else { return nil }
            builder.append(text: base + position, field.stop - position, hash: hash)
            return field
        default:
            return nil
        }
    }

    /// The field's end when a delimiter, a line end (`\n` or `\r\n`) or the end of the data is at `i`.
    @inline(__always)
    private func terminator(at i: Int) -> PlainField? {
        if i == end { return PlainField(stop: i, next: i, delimited: false) }
        let byte = base[i]
        if byte == delimiter { return PlainField(stop: i, next: i + 1, delimited: true) }
        if byte == Self.newline { return PlainField(stop: i, next: i + 1, delimited: false) }
        if byte == Self.carriageReturn, i + 1 < end, base[i + 1] == Self.newline {
            return PlainField(stop: i, next: i + 2, delimited: false)
        }
        return nil
    }

    /// Digits with at most one point, 15 digits at most (so one division rounds exactly),
    /// as the mantissa and the number of decimals. Eight bytes at a time (`DigitWord`) where
    /// sixteen remain and each part has fewer than eight digits; byte by byte otherwise.
    @inline(__always)
    private func plainNumber(at position: Int) -> (UInt64, Int, PlainField)? {
        guard position &+ 16 <= end else { return plainNumberBytewise(at: position) }
        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        let whole = DigitWord.leadingDigits(word)
        guard whole > 0, whole < 8 else { return whole == 0 ? nil : plainNumberBytewise(at: position) }
        // A leading zero makes an identifier (`0123`), which `FieldValueParser` decides.
        guard whole == 1 || base[position] != 0x30 else { return nil }
        var mantissa = DigitWord.value(word, count: whole), decimals = 0
        var i = position &+ whole
        if base[i] == 0x2E {
            let fraction = UnsafeRawPointer(base + (i &+ 1)).loadUnaligned(as: UInt64.self)
            decimals = DigitWord.leadingDigits(fraction)
            guard decimals < 8 else { return plainNumberBytewise(at: position) }
            if decimals > 0 { mantissa = mantissa &* DigitWord.power(decimals) &+ DigitWord.value(fraction, count: decimals) }
            i &+= 1 &+ decimals
        }
        guard let field = terminator(at: i) else { return nil }
        return (mantissa, decimals, field)
    }

    /// `plainNumber` a byte at a time: near the end of the data, and for long digits.
    private func plainNumberBytewise(at position: Int) -> (UInt64, Int, PlainField)? {
        var i = position, mantissa: UInt64 = 0, point = -1
        while i < end {
            let digit = base[i] &- 0x30
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
            } else if base[i] != 0x2E || point >= 0 {
                break
            } else {
                point = i
            }
            i &+= 1
        }
        let length = i &- position
        let digits = point < 0 ? length : length &- 1
        guard digits > 0, digits <= 15, base[position] != 0x30 || length == 1 || base[position + 1] == 0x2E,
              let field = terminator(at: i) else { return nil }
        return (mantissa, point < 0 ? 0 : i &- point &- 1, field)
    }

    /// Unquoted text, hashed as it is scanned (`TextDictionary.hash`); not one starting with
    /// a space, which may come before a quote. Eight bytes at a time where eight remain: the
    /// field ends at the first byte of a word that is a delimiter or a line end.
    @inline(__always)
    private func plainText(at position: Int) -> (UInt64, PlainField)? {
        guard position < end, base[position] != Self.quote, base[position] != 0x20 else { return nil }
        var i = position
        var hash = TextDictionary.hashStart
        let delimiters = Self.everyByte &* UInt64(delimiter)
        while true {
            guard i &+ 8 <= end else { return plainTextTail(from: i, start: position, hash: hash) }
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let stops = Self.zeroBytes(word ^ delimiters) | Self.zeroBytes(word ^ Self.newlines)
                | Self.zeroBytes(word ^ Self.carriageReturns)
            if stops != 0 {
                let length = stops.trailingZeroBitCount &>> 3
                hash = TextDictionary.hash(hash, word: TextDictionary.lowBytes(word, length))
                i &+= length
                break
            }
            hash = TextDictionary.hash(hash, word: word)
            i &+= 8
        }
        guard let field = terminator(at: i) else { return nil }
        return (TextDictionary.hashEnd(hash, length: i &- position), field)
    }

    /// The last bytes of the data (fewer than eight), byte by byte.
    private func plainTextTail(from tail: Int, start: Int, hash: UInt64) -> (UInt64, PlainField)? {
        var i = tail
        while i < end, base[i] != delimiter, base[i] != Self.newline, base[i] != Self.carriageReturn { i &+= 1 }
        guard let field = terminator(at: i) else { return nil }
        let last = TextDictionary.lastWord(base + tail, i &- tail)
        return (TextDictionary.hashEnd(TextDictionary.hash(hash, word: last), length: i &- start), field)
    }

    private static let everyByte: UInt64 = 0x0101_0101_0101_0101
    private static let newlines = everyByte &* UInt64(newline), carriageReturns = everyByte &* UInt64(carriageReturn)

    /// The high bit of each zero byte of `word` (exact for the lowest zero byte, which is
    /// the one a scan wants; bytes above it may be marked too).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- everyByte) & ~word & 0x8080_8080_8080_8080
    }

    private func scanQuoted(_ position: inout Int, opening: Int) -> Field {
        var i = opening + 1
        var escaped = false
        while true {
            guard i < end else {
                position = end
                return Field(start: opening + 1, stop: end, escaped: escaped, end: .unterminatedQuote(at: opening))
            }
            if base[i] == Self.quote {
                if i + 1 < end, base[i + 1] == Self.quote {
                    escaped = true
                    i += 2
                    continue
                }
                break
            }
            i += 1
        }
        let stop = i
        i += 1
        while i < end, base[i] == 0x20 || base[i] == Self.carriageReturn { i += 1 }
        var field = Field(start: opening + 1, stop: stop, escaped: escaped, end: .endOfInput)
        if i == end {
            position = end
        } else if base[i] == delimiter || base[i] == Self.newline {
            position = i + 1
            field.end = base[i] == delimiter ? .delimiter : .newline
        } else {
            position = i
            field.end = .textAfterQuote(at: i)
        }
        return field
    }

    /// Calls `body` with the field's value: the bytes in place, or unescaped into `scratch`.
    @inline(__always)
    func withBytes<R>(of field: Field, _ scratch: inout [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        guard field.escaped else { return body(base + field.start, field.stop - field.start) }
        scratch.removeAll(keepingCapacity: true)
        var i = field.start
        while i < field.stop {
            scratch.append(base[i])
            i += base[i] == Self.quote ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }

    private func check(_ field: Field) throws(LoadFailure) {
        switch field.end {
        case .unterminatedQuote(let at): throw failure(unterminatedQuoteAt: at)
        case .textAfterQuote(let at): throw failure(textAfterQuoteAt: at)
        default: return
        }
    }

    /// Skips an empty line at `position`; true when there was one.
    @inline(__always)
    private func skipBlankLine(_ position: inout Int) -> Bool {
        if base[position] == Self.newline {
            position += 1
            return true
        }
        if base[position] == Self.carriageReturn, position + 1 < end, base[position + 1] == Self.newline {
            position += 2
            return true
        }
        return false
    }

    // MARK: Types

    /// What the first rows say about each column (`ColumnSample`).
    private func sample(from dataStart: Int, columns: Int) -> [ColumnSample] {
        var samples = [ColumnSample](repeating: ColumnSample(), count: columns)
        var position = dataStart, rows = 0
        var scratch: [UInt8] = []
        while position < end, rows < Self.sampleRows {
            if skipBlankLine(&position) { continue }
            var column = 0
            while true {
                let field = scanField(&position)
                if column < columns { withBytes(of: field, &scratch) { samples[column].add($0, $1) } }
                column += 1
                if field.end != .delimiter { break }
            }
            rows += 1
        }
        return samples
    }

    // MARK: Chunks

    struct ChunkResult {
        var builders: [ColumnBuilder]
        var rows = 0
        /// Where the chunk's last row ended: the next chunk must start exactly here.
        var stoppedAt = 0
        var failure: ChunkFailure?
        var cancelled = false
        /// The chunk had more rows than its line ends left room for.
        var full = false
    }

    enum ChunkFailure {
        /// `at`: the first extra field, or the end of a short row.
        case ragged(rowStart: Int, row: Int, fields: Int, at: Int)
        case unterminatedQuote(at: Int)
        case textAfterQuote(at: Int)
    }

    private func parseAll(_ layout: LineChunks.Layout, types: [ColumnType], storage: [ColumnDestination])
        throws(LoadFailure) -> [[ColumnBuilder]]
    {
        let boundaries = layout.boundaries
        let count = boundaries.count - 1
        let results = UnsafeMutableBufferPointer<ChunkResult?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let reader = self
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: count) { k in
            let result = reader.parseChunk(from: boundaries[k], to: boundaries[k + 1], types: types, storage: storage,
                                           firstRow: layout.firstRows[k], room: layout.room(k))
            // Once cancelled the mapping goes as a whole, off this thread (`MappedFile.unmap`).
            if !result.cancelled { LineChunks.release(reader.base, from: boundaries[k], to: boundaries[k + 1]) }
            output[k] = result
        }
        var chunks: [[ColumnBuilder]] = []
        var rowsBefore = 0, previousStop = boundaries[0]
        for k in 0..<count {
            var result = results[k]!
            results[k] = nil
            // A chunk that starts inside a quoted field (the row before it ran past its
            // start), or has more rows than line ends: the rest is read in one piece.
            let sequentialRest = previousStop != boundaries[k] || result.full
            if sequentialRest {
                let firstRow = layout.firstRows[k]
                result = parseChunk(from: previousStop, to: end, types: types, storage: storage,
                                    firstRow: firstRow, room: layout.capacity - firstRow)
                if result.full { throw .file(.unreadable(reason: "the file changed while it was read; load it again")) }
            }
            if result.cancelled { throw .cancelled }
            if let failure = result.failure { throw self.failure(failure, rowsBefore: rowsBefore, columns: types.count) }
            rowsBefore += result.rows
            previousStop = result.stoppedAt
            chunks.append(result.builders)
            if sequentialRest { break }
        }
        return chunks
    }

    private func parseChunk(from chunkStart: Int, to chunkEnd: Int, types: [ColumnType], storage: [ColumnDestination],
                            firstRow: Int, room: Int) -> ChunkResult {
        // Builders live in a plain buffer while parsing: appending through an
        // array of builders costs a uniqueness check of that array per field.
        ColumnDestination.populate(storage, from: firstRow, rows: room, unless: cancellation)
        let builders = UnsafeMutableBufferPointer<ColumnBuilder>.allocate(capacity: types.count)
        _ = builders.initialize(from: types.indices.map {
            ColumnBuilder(type: types[$0], storage: storage[$0], firstRow: firstRow)
        })
        var result = parseRows(from: chunkStart, to: chunkEnd, into: builders, room: room)
        result.builders = Array(builders)
        builders.deinitialize().deallocate()
        return result
    }

    private func parseRows(from chunkStart: Int, to chunkEnd: Int, into builders: UnsafeMutableBufferPointer<ColumnBuilder>,
                           room: Int) -> ChunkResult
    {
        var result = ChunkResult(builders: [])
        let columns = builders.count
        var position = chunkStart
        var scratch: [UInt8] = []
        while position < chunkEnd {
            if result.rows & 0x3FFF == 0, cancellation?.isCancelled == true {
                result.cancelled = true
                return result
            }
            if skipBlankLine(&position) { continue }
            if result.rows == room {
                result.full = true
                return result
            }
            let rowStart = position
            var column = 0, lastStop = rowStart
            var firstExtra: Int?
            while true {
                if column < columns, let field = plainField(at: position, into: &builders[column]) {
                    (lastStop, position) = (field.stop, field.next)
                    column += 1
                    if field.delimited { continue }
                    break
                }
                let fieldStart = position
                let field = scanField(&position)
                lastStop = field.stop
                switch field.end {
                case .unterminatedQuote(let at):
                    result.failure = .unterminatedQuote(at: at)
                    return result
                case .textAfterQuote(let at):
                    result.failure = .textAfterQuote(at: at)
                    return result
                default: break
                }
                if column < columns {
                    withBytes(of: field, &scratch) { builders[column].append($0, $1) }
                } else if field.stop > field.start, firstExtra == nil {
                    firstExtra = fieldStart
                }
                column += 1
                if field.end != .delimiter { break }
            }
            if column < columns || firstExtra != nil {
                result.failure = .ragged(rowStart: rowStart, row: result.rows, fields: column, at: firstExtra ?? lastStop)
                return result
            }
            result.rows += 1
        }
        result.stoppedAt = position
        return result
    }

    // MARK: Errors

    private func failure(_ failure: ChunkFailure, rowsBefore: Int, columns: Int) -> LoadFailure {
        switch failure {
        case .ragged(let rowStart, let row, let fields, let at):
            return .data(.raggedRow(row: rowsBefore + row + 1, line: place(of: rowStart).line, fields: fields,
                                    expected: columns, excerpt: excerpt(at: rowStart), column: place(of: at).column))
        case .unterminatedQuote(let at): return self.failure(unterminatedQuoteAt: at)
        case .textAfterQuote(let at): return self.failure(textAfterQuoteAt: at)
        }
    }

    private func failure(unterminatedQuoteAt at: Int) -> LoadFailure {
        let (line, column) = place(of: at)
        return .data(.unterminatedQuote(line: line, column: column, excerpt: excerpt(at: at)))
    }

    private func failure(textAfterQuoteAt at: Int) -> LoadFailure {
        let (line, column) = place(of: at)
        return .data(.textAfterQuote(line: line, column: column, excerpt: excerpt(at: at)))
    }

    /// 1-based line and column (in characters) of a byte offset.
    func place(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<offset where base[i] == Self.newline {
            line += 1
            lineStart = i + 1
        }
        var column = 1
        for i in max(lineStart, start)..<offset where base[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    /// The text of the line holding `offset`, for quoting in an error.
    func excerpt(at offset: Int) -> String {
        var lineStart = offset
        while lineStart > start, base[lineStart - 1] != Self.newline { lineStart -= 1 }
        var lineEnd = offset
        while lineEnd < end, base[lineEnd] != Self.newline, lineEnd - lineStart < 400 { lineEnd += 1 }
        if lineEnd > lineStart, base[lineEnd - 1] == Self.carriageReturn { lineEnd -= 1 }
        return String(decoding: UnsafeBufferPointer(start: base + lineStart, count: lineEnd - lineStart), as: UTF8.self)
    }
}
