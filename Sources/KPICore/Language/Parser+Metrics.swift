/// The statements of metrics and views: metric, let, key, explain, drop, show, chart, forecast, summary.
extension Parser {
    /// `metric NAME = EXPR [where COND] [as percent|number]`
    mutating func parseMetric() throws(KPIError) -> Statement {
        let name = try definedName("a metric name", example: "metric spend = sum(ads.spend)")
        _ = try expect("=", "'=' after the metric's name")
        let expression = try self.expression()
        var filter: Expression?
        if at(keyword: "where") {
            position += 1
            filter = try self.expression()
        }
        return .metric(name: name, expression: expression, filter: filter, style: try valueStyle())
    }

    /// `let NAME = EXPR`, or a path: `let NAME = V [, V …] from PERIOD [to PERIOD] [growing RATE]`
    mutating func parseAssumption() throws(KPIError) -> Statement {
        let name = try definedName("an assumption's name", example: "let budget = 60k")
        _ = try expect("=", "'=' after the assumption's name")
        var values = [try expression()]
        while current.kind == .symbol(",") {
            position += 1
            values.append(try expression())
        }
        guard values.count > 1 || at(keyword: "from") else { return .assumption(name: name, expression: values[0]) }
        return .assumption(name: name, expression: try pathTail(values))
    }

    /// The rest of a path after its values: `from PERIOD [to PERIOD] [growing RATE]`, clauses after
    /// `from` in any order.
    mutating func pathTail(_ values: [Expression]) throws(KPIError) -> Expression {
        let example = "let budget = 80k from 2026-11 growing 3%"
        try expect(keyword: "from", "'from' and the first period of the values",
                   help: "for example: let budget = 80k, 85k, 90k from 2026-11")
        let start = try periodLiteral()
        var path = ValuePath(values: values, start: start, end: nil, growth: nil)
        while case .identifier(let clause) = current.kind, clause == "to" || clause == "growing" {
            let clauseRange = current.range
            position += 1
            if clause == "to" {
                let end = try periodLiteral()
                guard end.value.lastDay >= start.value.firstDay else {
                    throw .invalidArgument("the path ends at \(end.value), before it starts (\(start.value))", at: end.range)
                }
                path.end = end
            } else {
                guard values.count == 1 else {
                    throw .invalidExpression("a list gives every period's value; growing applies to one starting value",
                                             at: clauseRange, help: "for example: \(example)")
                }
                path.growth = try expression()
            }
        }
        if values.count > 1, let end = path.end {
            let periods = Period(containing: end.value.lastDay, grain: start.value.grain).ordinal - start.value.ordinal + 1
            guard periods == values.count else {
                throw .invalidExpression("the list has \(values.count) values but \(start.value) to \(end.value) is \(periods) "
                                         + "\(start.value.grain.noun)\(periods == 1 ? "" : "s")",
                                         at: values[0].range.union(end.range), help: "give a value per period, or leave out 'to'")
            }
        }
        let last = tokens[position - 1].range
        return Expression(.path(path), values[0].range.union(last))
    }

    private mutating func definedName(_ what: String, example: String) throws(KPIError) -> Located<String> {
        let name = try self.name(what, example: example)
        if StatementKind.keywords.contains(name.value) || Parser.clauseWords.contains(name.value)
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

    mutating func showRequest(allowFormat: Bool) throws(KPIError) -> ShowRequest {
        var items: [ShowRequest.Item] = []
        repeat {
            if !items.isEmpty { position += 1 }
            let start = current.startOffset
            let expression = try self.expression()
            let label = String(String.UnicodeScalarView(scalars[start..<tokens[position - 1].endOffset]))
            var item = ShowRequest.Item(expression: expression, label: label)
            if current.kind == .identifier("vs") {
                position += 1
                try expect(keyword: "plan", "'plan' after 'vs'", help: "for example: show new_customers vs plan")
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
                let first = try name("a column after 'by' (table.column, or a column several tables share)",
                                     example: "show cac by channel")
                if current.kind == .symbol(".") {
                    position += 1
                    let column = try name("a column name")
                    request.by = Located(Dimension(table: first.value, column: column.value), first.range.union(column.range))
                } else {
                    request.by = Located(Dimension(table: nil, column: first.value), first.range)
                }
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
                request.format = try optionalFormat(example: "show spend as csv")
            case "with" where !allowFormat:
                position += 1
                try expect(keyword: "forecast", "'forecast' after 'with'", help: "for example: chart new_customers with forecast")
                request.withForecast = clause.range.union(tokens[position - 1].range)
                if at(keyword: "next") {
                    position += 1
                    guard let count = try optionalCount(), count.value > 0, count.value <= 1_000 else {
                        throw .expected("a number of periods from 1 to 1,000 after 'next'", found: current.description,
                                        at: current.range, help: "for example: chart new_customers with forecast next 6")
                    }
                    request.forecastNext = count.value
                }
            default:
                throw .expected("by, from, to, last\(allowFormat ? " or as" : ", with forecast") or the end of the statement",
                                found: clause.description, at: clause.range)
            }
        }
        return request
    }

    /// `forecast METRIC [next N | to PERIOD] [level P%] [method M] [as FORMAT]`, clauses in any order.
    mutating func forecastRequest() throws(KPIError) -> ForecastRequest {
        var request = ForecastRequest(metric: try name("a metric to forecast", example: "forecast new_customers next 6"))
        while case .identifier(let word) = current.kind {
            let clause = current
            position += 1
            switch word {
            case "next":
                guard let count = try optionalCount(), count.value > 0, count.value <= 1_000 else {
                    throw .expected("a number of periods from 1 to 1,000 after 'next'", found: current.description,
                                    at: current.range, help: "for example: forecast new_customers next 6")
                }
                request.next = count
            case "to":
                request.to = try periodLiteral()
            case "level":
                let token = current
                guard case .number(let value) = token.kind, value > 0, value < (token.isPercent ? 1 : 100) else {
                    throw .expected("a level between 0% and 100% after 'level'", found: token.description, at: token.range,
                                    help: "for example: forecast cac level 95%")
                }
                position += 1
                request.level = Located(token.isPercent || value < 1 ? value : value / 100, token.range)
            case "method":
                let method = try name("auto, ets, theta, linear or naive", example: "forecast cac method theta")
                guard let known = ForecastMethod(rawValue: method.value) else {
                    throw .expected("auto, ets, theta, linear or naive", found: "'\(method.value)'", at: method.range,
                                    help: KPIError.didYouMean(Suggestion.closest(to: method.value,
                                                                                 in: ForecastMethod.allCases.map(\.rawValue))))
                }
                request.method = Located(known, method.range)
            case "as":
                position -= 1
                request.format = try optionalFormat(example: "forecast cac as csv")
            default:
                throw .expected("next, to, level, method, as or the end of the statement", found: clause.description,
                                at: clause.range,
                                help: KPIError.didYouMean(Suggestion.closest(to: word, in: ["next", "to", "level", "method", "as"])))
            }
        }
        if let next = request.next, let to = request.to {
            throw .invalidArgument("say how far with next or with to, not both", at: next.range.union(to.range))
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
        case .number(let value) where Period.year(value) != nil:
            position += 1
            return Located(Period.year(value)!, token.range)
        default:
            throw .expected("a period such as 2026-03, 2026-Q1 or 2026", found: token.description, at: token.range)
        }
    }
}
