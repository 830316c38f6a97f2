/// The statements of metrics and views: metric, let, key, explain, drop, show, chart, summary.
extension Parser {
    /// Parses the statement after its keyword, or nil when `word` is not one of these.
    mutating func metricStatement(_ word: String) throws(KPIError) -> Statement? {
        switch word {
        case "metric":
            let name = try definedName("a metric name", example: "metric spend = sum(ads.spend)")
            _ = try expect("=", "'=' after the metric's name")
            let expression = try self.expression()
            var filter: Expression?
            if current.kind == .identifier("where") {
                position += 1
                filter = try self.expression()
            }
            return .metric(name: name, expression: expression, filter: filter, style: try valueStyle())
        case "let":
            let name = try definedName("an assumption's name", example: "let budget = 60k")
            _ = try expect("=", "'=' after the assumption's name")
            return .assumption(name: name, expression: try expression())
        case "key":
            return .key(try nameList("the names of the key KPIs", example: "key cac, new_customers"))
        case "explain":
            return .explain(try name("a metric or assumption", example: "explain cac"))
        case "drop":
            return .drop(try name("a metric or assumption", example: "drop growth"))
        case "show":
            return .show(try showRequest(allowFormat: true))
        case "chart":
            return .chart(try showRequest(allowFormat: false))
        case "summary":
            return .summary
        default:
            return nil
        }
    }

    private mutating func definedName(_ what: String, example: String) throws(KPIError) -> Located<String> {
        let name = try self.name(what, example: example)
        if Keywords.statements.contains(name.value) || Parser.clauseWords.contains(name.value)
            || ["and", "or", "not", "in", "true", "false"].contains(name.value) {
            throw .expected(what, found: "the reserved word '\(name.value)'", at: name.range,
                            help: "choose another name, e.g. \(name.value)_total")
        }
        return name
    }

    mutating func nameList(_ what: String, example: String) throws(KPIError) -> [Located<String>] {
        var names = [try name(what, example: example)]
        while current.kind == .symbol(",") {
            position += 1
            names.append(try name(what, example: example))
        }
        return names
    }

    private mutating func valueStyle() throws(KPIError) -> ValueStyle? {
        guard current.kind == .identifier("as") else { return nil }
        position += 1
        let word = try name("'percent' or 'number'", example: "metric cvr = leads / clicks as percent")
        guard let style = ValueStyle(rawValue: word.value) else {
            throw .expected("'percent' or 'number'", found: "'\(word.value)'", at: word.range)
        }
        return style
    }

    private mutating func showRequest(allowFormat: Bool) throws(KPIError) -> ShowRequest {
        var items: [ShowRequest.Item] = []
        repeat {
            if !items.isEmpty { position += 1 }
            let start = current.startOffset
            let expression = try self.expression()
            let label = String(String.UnicodeScalarView(scalars[start..<tokens[position - 1].endOffset]))
            var item = ShowRequest.Item(expression: expression, label: label)
            if current.kind == .identifier("vs") {
                position += 1
                guard current.kind == .identifier("plan") else {
                    throw .expected("'plan' after 'vs'", found: current.description, at: current.range,
                                    help: "for example: show new_customers vs plan")
                }
                position += 1
                item.versusPlan = true
            }
            items.append(item)
        } while current.kind == .symbol(",")
        var request = ShowRequest(items: items)
        while case .identifier(let word) = current.kind {
            let clause = current
            switch word {
            case "by":
                position += 1
                let table = try name("table.column after 'by'", example: "show cac by ads.channel")
                _ = try expect(".", "'.' and a column after the table name")
                let column = try name("a column name")
                request.by = Located(ColumnReference(table: table.value, column: column.value), table.range.union(column.range))
            case "from", "to":
                position += 1
                let period = try periodLiteral()
                if word == "from" { request.from = period } else { request.to = period }
            case "last":
                position += 1
                guard let count = try optionalCount(), count.value > 0 else {
                    throw .expected("a number of periods after 'last'", found: current.description, at: current.range)
                }
                request.last = count
            case "as" where allowFormat:
                position += 1
                let format = try name("table, csv, json or markdown", example: "show spend as csv")
                guard let value = OutputFormat(rawValue: format.value) else {
                    throw .expected("table, csv, json or markdown", found: "'\(format.value)'", at: format.range,
                                    help: Suggestion.closest(to: format.value, in: OutputFormat.allCases.map(\.rawValue))
                                        .map { "did you mean '\($0)'?" })
                }
                request.format = value
            default:
                throw .expected("by, from, to, last\(allowFormat ? " or as" : "") or the end of the statement",
                                found: clause.description, at: clause.range)
            }
        }
        return request
    }

    /// A period literal; a bare year (`2026`) counts as one.
    mutating func periodLiteral() throws(KPIError) -> Located<Period> {
        let token = current
        switch token.kind {
        case .period(let period):
            position += 1
            return Located(period, token.range)
        case .number(let value) where value == value.rounded() && value >= 1000 && value <= 9999:
            position += 1
            return Located(Period(grain: .year, ordinal: Int(value)), token.range)
        default:
            throw .expected("a period such as 2026-03, 2026-Q1 or 2026", found: token.description, at: token.range)
        }
    }
}
