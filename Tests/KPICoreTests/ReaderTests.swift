import Testing
@testable import KPICore

@Suite("Reading messy exports")
struct ReaderTests {
    private func load(_ name: String) throws -> Table {
        try Recorder().load(Fixtures.path(name)).get()
    }

    @Test("BOM, CRLF, ';' delimiter, currency, thousands, percentages, quotes and newlines in quotes")
    func messyExport() throws {
        let table = try load("messy.csv")
        #expect(table.format == "CSV (;)")
        #expect(table.rowCount == 4)
        #expect(table.columns.map(\.name) == ["day", "campaign_name", "spend_usd", "ctr", "active", "notes"])
        #expect(table.columns.map(\.header) == ["Day", "Campaign Name", "Spend (USD)", "CTR", "Active", "Notes"])
        #expect(table.columns.map(\.type) == [.date, .text, .number, .number, .bool, .text])
        #expect(table.days("day") == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"])
        #expect(table.texts("campaign_name") == ["Winter Sale", "Brand; Search", "Retargeting", "Winter Sale"])
        let spend = try #require(table.numbers("spend_usd"))
        #expect(Array(spend.prefix(3)) == [1200.50, 980, 1_234_567.25])
        #expect(spend[3].isNaN)
        let ctr = try #require(table.numbers("ctr"))
        #expect(Array(ctr.prefix(3)) == [0.034, 0.12, 0.005])
        #expect(ctr[3].isNaN, "N/A is a null in a number column")
        #expect(table.column(named: "ctr")?.isPercent == true)
        #expect(table.column(named: "spend_usd")?.currency == "$")
        #expect(table.texts("notes") == ["plain", #"said "hi""#, "two\r\nlines", nil])
        #expect(table.timeColumn == 0)
    }

    @Test("TSV by extension, empty fields are null")
    func tabs() throws {
        let table = try load("tabs.tsv")
        #expect(table.format == "TSV")
        #expect(table.texts("channel") == ["search", "social"])
        let clicks = try #require(table.numbers("clicks"))
        #expect(clicks[0] == 10 && clicks[1].isNaN)
    }

    @Test("type inference: datetime with zones, accounting negatives, yes/no as bool, all-empty as null")
    func types() throws {
        let table = try load("types.csv")
        #expect(table.columns.map(\.type) == [.datetime, .number, .bool, .null, .text])
        let seconds = try extract("when as a datetime column", from: table.column(named: "when")?.data) {
            if case .datetime(let seconds)? = $0 { seconds } else { nil }
        }
        #expect(seconds[0] == Double(CivilDate.days(year: 2026, month: 1, day: 1) * 86_400 + 36_000))
        #expect(seconds[2] == Double(CivilDate.days(year: 2026, month: 1, day: 3) * 86_400))
        #expect(table.numbers("amount") == [1, 2.5, -3])
        #expect(table.texts("label") == ["a", "b", nil])
    }

    @Test("JSON Lines: keys in order first seen, nested values as JSON text, missing keys null")
    func jsonLines() throws {
        let table = try load("social.jsonl")
        #expect(table.format == "JSON Lines")
        #expect(table.columns.map(\.name) == ["date", "network", "likes", "sentiment", "verified", "tags", "extra"])
        #expect(table.columns.map(\.type) == [.date, .text, .number, .number, .bool, .text, .text])
        let likes = try #require(table.numbers("likes"))
        #expect(likes[0] == 412 && likes[1].isNaN && likes[2] == 7)
        #expect(table.texts("tags") == [#"["a","b"]"#, nil, nil])
        #expect(table.texts("extra") == [nil, nil, "new"])
    }

    @Test("a value after the sampled rows that does not fit widens the column")
    func wideningAfterSample() throws {
        var text = "date,amount\n"
        for day in 0..<1500 { text += CivilDate.format(20_000 + day) + ",\(day)\n" }
        text += "2030-01-01,unknown\n"
        let table = try Recorder().load(Fixtures.temporary(text)).get()
        #expect(table.column(named: "amount")?.type == .text)
        #expect(table.texts("amount")?.last == "unknown")
        #expect(table.texts("amount")?.first == "0")
    }

    @Test("a multi-megabyte file with quoted newlines parses the same in parallel chunks")
    func parallelChunks() throws {
        var text = "id,note,value\n"
        for row in 0..<60_000 {
            let note = row % 7 == 0 ? "\"line one\nline, two \"\"quoted\"\"\"" : "plain \(row % 13)"
            text += "\(row),\(note),\(Double(row) / 4)\n"
        }
        let table = try Recorder().load(Fixtures.temporary(text)).get()
        #expect(table.rowCount == 60_000)
        let ids = try #require(table.numbers("id"))
        #expect(ids == (0..<60_000).map(Double.init))
        #expect(table.numbers("value")?.last == 59_999.0 / 4)
        #expect(table.texts("note")?[7] == "line one\nline, two \"quoted\"")
        #expect(table.texts("note")?[8] == "plain 8")
    }

    /// Chunks write in place at the row their line ends predict: blank lines and quoted line
    /// breaks leave gaps that must close, text first seen in a later chunk must get its own
    /// code, and a late wider value re-reads into new columns.
    @Test("rows land in place across chunks: blank lines, quoted line breaks, late text, a late wider type")
    func inPlaceChunks() throws {
        let rows = 200_000
        var text = "id,label,note,amount\r\n"
        var expectedNotes: [String] = []
        for row in 0..<rows {
            if row % 1_000 == 0 { text += "\r\n" }
            let note = row % 997 == 0 ? "two\nlines \(row)" : "n\(row % 5)"
            expectedNotes.append(note)
            let amount = row == rows - 10 ? "n/a" : row == rows - 5 ? "about 3" : String(row % 100)
            text += "\(row),group-\(row / 40_000),\"\(note)\",\(amount)"
            text += row == rows - 1 ? "" : "\r\n"
        }
        let table = try Recorder().load(Fixtures.temporary(text)).get()
        #expect(table.rowCount == rows)
        #expect(try #require(table.numbers("id")) == (0..<rows).map(Double.init))
        #expect(try #require(table.texts("label")) == (0..<rows).map { Optional("group-\($0 / 40_000)") })
        #expect(try #require(table.texts("note")) == expectedNotes.map(Optional.some))
        let amounts = try #require(table.texts("amount"))
        #expect(amounts[rows - 5] == "about 3")
        #expect(amounts[rows - 10] == "n/a")
        #expect(amounts[12_345] == "45")
    }

    /// Plain text is hashed eight bytes at a time while it is scanned, quoted text once it
    /// is unquoted, the last bytes of a file one by one: a value must get one code whichever
    /// way it came, at every length around a word's.
    @Test("a value has one code however it was written, at every length")
    func textHashing() throws {
        let values = (1...19).map { String("abcdefghij-é-klmnopq".prefix($0)) }
        var text = "id,value\n"
        for (row, value) in values.enumerated() {
            text += "\(row),\(value)\n\(row),\"\(value)\"\r\n\(row),\(value)\r\n"
        }
        text += "99,abc"
        let table = try Recorder().load(Fixtures.temporary(text)).get()
        let expected = values.flatMap { [$0, $0, $0] } + ["abc"]
        #expect(try #require(table.texts("value")) == expected.map(Optional.some))
        #expect(try #require(table.dictionary("value")).sorted() == values.sorted())
    }

    /// Text is read with two-byte codes, narrowed to one where the dictionary allows; a
    /// column that outgrows two bytes (in one chunk, or only once the chunks' dictionaries
    /// merge) is read again with four, and ids seen in the first rows start with four.
    @Test("text codes take the narrowest width that holds the column, whatever the first rows suggested",
          arguments: [
              // One chunk (under 1 MiB) whose own dictionary outgrows two bytes.
              (rows: 80_000, repeated: 2_000, chunks: "one"),
              // Eight chunks of 25,000 rows: each fits in two bytes, the merged dictionary does not.
              (rows: 200_000, repeated: 2_000, chunks: "several"),
          ])
    func codeWidths(rows: Int, repeated: Int, chunks: String) throws {
        var text = "few,some,late,id\n"
        for row in 0..<rows {
            let late = row < repeated ? "same" : "v\(row)"
            text += "c\(row % 5),s\(row % 1_000),\(late),id-\(row)\n"
        }
        let table = try Recorder().load(Fixtures.temporary(text)).get()
        #expect(table.codeWidth("few") == 1)
        #expect(table.codeWidth("some") == 2)
        #expect(table.codeWidth("late") == 4, "\(chunks)")
        #expect(table.codeWidth("id") == 4)
        #expect(table.texts("late") == (0..<rows).map { Optional($0 < repeated ? "same" : "v\($0)") })
        #expect(table.texts("some") == (0..<rows).map { Optional("s\($0 % 1_000)") })
        #expect(table.texts("few")?.last == "c\((rows - 1) % 5)")
    }

    /// Money and counts are stored in four bytes a row; a value the first rows did not
    /// prepare for (more decimals, too large) turns its column into doubles, and every
    /// value reads back as the file wrote it. 200,000 rows: several chunks, and the
    /// surprises well past the sample.
    @Test("numbers are stored in four bytes where their values allow, and read back exactly",
          arguments: ["csv", "jsonl"])
    func numberWidths(format: String) throws {
        let rows = 200_000
        func cents(_ row: Int) -> String {
            let units = (row * 7_919) % 5_000_000
            return "\(units / 100).\(units % 100 < 10 ? "0" : "")\(units % 100)"
        }
        var columns: [(name: String, texts: [String], width: Int)] = [
            ("cents", (0..<rows).map { $0 % 997 == 0 ? "" : cents($0) }, 4),
            ("counts", (0..<rows).map { String($0 % 40) }, 4),
            // Whole amounts written with two zero decimals: the first rows need none, and none fits worse.
            ("budgets", (0..<rows).map { "\(500 + $0 % 300).00" }, 4),
            ("late_decimals", (0..<rows).map { $0 == 150_000 ? "1.123456789" : "1.5" }, 8),
            ("late_large", (0..<rows).map { $0 == 123_456 ? "3000000000" : String($0 % 1_000) }, 8),
            ("millionths", (0..<rows).map { $0 % 2 == 0 ? "0.000001" : "2.5" }, 4),
            ("too_precise", (0..<rows).map { _ in "0.1234567" }, 8),
        ]
        if format == "csv" {
            let thousands = (0..<rows).map { "\"-$1,\(String(1_000 + $0 % 1_000).dropFirst()).\($0 % 90 + 10)\"" }
            columns.append(("money", (0..<rows).map { $0 == 190_000 ? "-$0.125" : thousands[$0] }, 8))
            columns.append(("rates", (0..<rows).map { "\($0 % 100).4%" }, 4))
        }
        var text = format == "csv" ? columns.map(\.name).joined(separator: ",") + "\n" : ""
        for row in 0..<rows {
            if format == "csv" {
                text += columns.map { $0.texts[row] }.joined(separator: ",") + "\n"
            } else {
                text += "{" + columns.map { "\"\($0.name)\": \($0.texts[row].isEmpty ? "null" : $0.texts[row])" }
                    .joined(separator: ", ") + "}\n"
            }
        }
        let table = try Recorder().load(Fixtures.temporary(text, name: "numbers.\(format)")).get()
        for column in columns {
            let expected = column.texts.map { written -> Double in
                if written.isEmpty { return .nan }
                let bytes = Array(written.utf8.filter { $0 != 0x22 })
                return bytes.withUnsafeBufferPointer { FieldValueParser.number($0.baseAddress!, $0.count)!.value }
            }
            let values = try #require(table.numbers(column.name), "\(column.name)")
            #expect(table.numberWidth(column.name) == column.width, "\(column.name)")
            #expect(values.elementsEqual(expected) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(column.name)")
        }
    }

    /// The reader's own number parse (eight bytes at a time, or byte by byte near the end of
    /// the data and for long digits) against the general one, on every length of whole part
    /// and decimals, zeros, and a last line without its line end.
    @Test("plain numbers of every length read as the general parser reads them")
    func plainNumbers() throws {
        var texts = ["0", "0.5", "12.", "7", "100.25", "0.000001"]
        for whole in 1...9 {
            for decimals in 0...(15 - whole) {
                let digits = (0..<(whole + decimals)).map { String(($0 * 7 + whole + decimals) % 9 + 1) }.joined()
                let number = decimals == 0 ? digits : digits.prefix(whole) + "." + digits.dropFirst(whole)
                texts.append(String(number))
            }
        }
        let text = "n,after\n" + texts.map { "\($0),x" }.joined(separator: "\n") + "\n" + texts.map { "\($0),y\n" }.joined()
            + "123.45,z"
        let table = try Recorder().load(Fixtures.temporary(text)).get()
        let expected = (texts + texts + ["123.45"]).map { written in
            let bytes = Array(written.utf8)
            return bytes.withUnsafeBufferPointer { FieldValueParser.number($0.baseAddress!, $0.count)!.value }
        }
        #expect(table.numbers("n") == expected)
        #expect(table.texts("after")?.last == "z")
    }

    @Test("a word's leading digits and their value")
    func digitWords() {
        func word(_ text: String) -> UInt64 {
            var bytes = Array(text.utf8.prefix(8))
            bytes += [UInt8](repeating: 0x2C, count: 8 - bytes.count)
            return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        }
        #expect(DigitWord.leadingDigits(word("12345678")) == 8)
        #expect(DigitWord.leadingDigits(word("371.72,x")) == 3)
        #expect(DigitWord.leadingDigits(word("/:09")) == 0)
        #expect(DigitWord.leadingDigits(word("9\u{B9}")) == 1, "a byte of UTF-8 is not a digit")
        #expect(DigitWord.value(word("12345678"), count: 8) == 12_345_678)
        #expect(DigitWord.value(word("371.72"), count: 3) == 371)
        #expect(DigitWord.value(word("0000009"), count: 7) == 9)
        #expect((0...8).map(DigitWord.power) == [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000])
    }

    @Test("the delimiter is sniffed from consistent counts")
    func sniffing() throws {
        let semicolons = try Recorder().load(Fixtures.temporary("a;b;c\n1,5;2;x\n3;4;y\n")).get()
        #expect(semicolons.columns.map(\.name) == ["a", "b", "c"])
        #expect(semicolons.texts("a") == ["1,5", "3"])
        let pipes = try Recorder().load(Fixtures.temporary("a|b\n1|2\n")).get()
        #expect(pipes.numbers("b") == [2])
    }

    @Test("header names become identifiers")
    func identifiers() {
        #expect(Identifier.from("New Customers") == "new_customers")
        #expect(Identifier.from("Spend (USD)") == "spend_usd")
        #expect(Identifier.from("  CTR % ") == "ctr")
        #expect(Identifier.from("2025 Budget") == "_2025_budget")
        #expect(Identifier.tableName(forPath: "exports/Ads Report.csv") == "ads_report")
    }

    @Test("numbers as exports write them")
    func numbers() {
        func parse(_ text: String) -> Double? {
            let bytes = Array(text.utf8) + [0]
            return bytes.withUnsafeBufferPointer { FieldValueParser.number($0.baseAddress!, text.utf8.count)?.value }
        }
        #expect(parse("1,200.50") == 1200.5)
        #expect(parse("-$5") == -5)
        #expect(parse("$-5") == -5)
        #expect(parse("(1,000)") == -1000)
        #expect(parse("€12") == 12)
        #expect(parse("12 €") == 12)
        #expect(parse("12%") == 0.12)
        #expect(parse("3.4%") == 0.034, "the double nearest 0.034, not 3.4 / 100")
        #expect(parse("1.5e3") == 1500)
        #expect(parse("0.1") == 0.1)
        // Past 2^53 a Double cannot hold every integer: such digits are an identifier, kept as text.
        #expect(parse("123456789012345678901234") == nil)
        #expect(parse("1.2345678901234568e23") == 123456789012345678901234.0, "written as a float, it is a number")
        #expect(parse("1,20") == nil)
        #expect(parse("12abc") == nil)
        #expect(parse("") == nil)
    }
}

@Suite("Bad input")
struct BadInputTests {
    private func error(_ name: String) -> String {
        let recorder = Recorder()
        recorder.run("load \"seed.csv\"")
        switch recorder.load(Fixtures.path(name)) {
        case .success: return "loaded"
        case .failure(let error): return error.text.replacing(Fixtures.path(""), with: "")
        }
    }

    @Test("a ragged row says which row, which line, and how many fields")
    func ragged() {
        #expect(error("ragged.csv") == """
            error: row 2 (line 3) has 4 fields, but the header has 3
             --> ragged.csv:3:29
              |
            3 | 2026-01-02,"social,paid",20,5
              |                             ^
              = note: while running the statement at <test>:1:6
              = help: a field probably contains the delimiter without quotes around it
            """)
    }

    @Test("an unterminated quote says where it started")
    func unterminatedQuote() {
        #expect(error("unterminated.csv") == """
            error: the quote opened at line 3, column 12 is never closed
             --> unterminated.csv:3:12
              |
            3 | 2026-01-02,"never closed
              |            ^
              = note: while running the statement at <test>:1:6
              = help: close the quote, or double a quote that is part of the text ("")
            """)
    }

    @Test("text after a closing quote")
    func junkAfterQuote() {
        #expect(error("junkquote.csv").hasPrefix("error: unexpected text after a closing quote at line 2, column 15\n --> junkquote.csv:2:15"))
    }

    @Test("duplicate and empty column names")
    func headerNames() {
        #expect(error("duplicate.csv") == """
            error: columns 1 ("Spend") and 2 ("spend ") both give the name 'spend'
             --> duplicate.csv:1:1
              |
            1 | Spend,spend ,clicks
              | ^
              = note: while running the statement at <test>:1:6
              = help: rename one of the columns in the header row
            """)
        #expect(error("emptyname.csv").hasPrefix("error: column 2 has an empty name in the header\n"))
    }

    @Test("missing, empty, binary, non-UTF-8 files and directories")
    func files() {
        let path = Fixtures.path("")
        #expect(error("mesy.csv") == """
            error: no such file: \(path)mesy.csv
             --> <test>:1:6
              |
            1 | load "\(path)mesy.csv" as t
              |      \(String(repeating: "^", count: path.count + 10))
              = help: did you mean "\(path)messy.csv"?
            """.replacing(path, with: ""))
        #expect(error("empty.csv").hasPrefix("error: \(path)empty.csv is empty".replacing(path, with: "")))
        #expect(error("binary.csv").contains("is not a text file (it contains binary data)"))
        #expect(error("latin1.csv").contains("is not UTF-8 text (first bad byte on line 2)"))
        #expect(error("latin1.csv").contains("help: convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"))
        #expect(error("").contains("is a directory, not a file"))
    }

    @Test("a failed load leaves the loaded tables as they were")
    func nothingLost() throws {
        let recorder = Recorder()
        #expect(recorder.run("load \"\(Fixtures.path("tabs.tsv"))\" as t") == nil)
        #expect(recorder.run("load \"\(Fixtures.path("ragged.csv"))\" as t") != nil)
        let table = try #require(recorder.session.workspace.table(named: "t"))
        #expect(table.format == "TSV")
        #expect(recorder.session.workspace.tables.count == 1)
    }

    @Test("a cancelled load (Ctrl-C) reports it and changes nothing")
    func cancelled() {
        let flag = CancellationFlag()
        let recorder = Recorder(cancellation: flag)
        #expect(recorder.run("load \"\(Fixtures.path("tabs.tsv"))\" as t") == nil)
        flag.cancel()
        let diagnostic = recorder.run("load \"\(Fixtures.path("messy.csv"))\" as t")
        #expect(diagnostic?.error.message == "cancelled; nothing was changed")
        #expect(recorder.session.workspace.table(named: "t")?.format == "TSV")
    }
}

