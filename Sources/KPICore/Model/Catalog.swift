/// Standard marketing KPIs: what each means, how it is computed, and which columns
/// it needs, so `catalog NAME` can write the metric for the loaded tables.
public struct CatalogEntry: Sendable {
    public var name: String
    public var title: String
    public var meaning: String
    /// The formula in words.
    public var formula: String
    /// The columns it needs: a role and the column names that usually hold it.
    public var needs: [(role: String, candidates: [String])]
    /// The metric's expression, with `{role}` where a `table.column` goes.
    public var template: String
    public var style: String = ""

    public static let all: [CatalogEntry] = [
        .init(name: "customers", title: "number of customers", meaning: "distinct customers who bought in the period",
              formula: "count of distinct customer ids", needs: [("customer id", ["customer_id", "customer", "client_id", "user_id"])],
              template: "count_distinct({customer id})"),
        .init(name: "customer_growth", title: "customer growth", meaning: "change in customers against the period before",
              formula: "customers ÷ customers last period − 1", needs: [("customer id", ["customer_id", "customer", "client_id"])],
              template: "growth(count_distinct({customer id}))"),
        .init(name: "cac", title: "customer acquisition cost", meaning: "what one new customer costs in advertising",
              formula: "ad spend ÷ new customers",
              needs: [("ad spend", ["spend", "spend_usd", "cost", "ad_spend", "amount_spent"]),
                      ("new customers", ["new_customers", "customers", "conversions", "acquisitions"])],
              template: "sum({ad spend}) / sum({new customers})"),
        .init(name: "cost_per_lead", title: "cost per lead", meaning: "what one lead costs in advertising",
              formula: "ad spend ÷ leads", needs: [("ad spend", ["spend", "spend_usd", "cost", "ad_spend"]), ("leads", ["leads", "lead"])],
              template: "sum({ad spend}) / sum({leads})"),
        .init(name: "repeat_purchase_rate", title: "repeat purchase rate", meaning: "share of orders from customers who bought before",
              formula: "1 − distinct customers ÷ orders", needs: [("customer id", ["customer_id", "customer", "client_id"])],
              template: "1 - count_distinct({customer id}) / count({customer id})", style: " as percent"),
        .init(name: "positive_review_share", title: "positive review share", meaning: "share of reviews that are positive",
              formula: "positive reviews ÷ reviews",
              needs: [("positive reviews", ["positive_reviews", "positive"]), ("reviews", ["reviews", "review_count"])],
              template: "sum({positive reviews}) / sum({reviews})", style: " as percent"),
        .init(name: "bounce_rate", title: "bounce rate", meaning: "share of visits that leave after one page",
              formula: "bounces ÷ sessions", needs: [("bounces", ["bounces"]), ("sessions", ["sessions", "visits"])],
              template: "sum({bounces}) / sum({sessions})", style: " as percent"),
        .init(name: "average_order_value", title: "average order value", meaning: "what an order brings in on average",
              formula: "average order amount", needs: [("order amount", ["amount", "order_value", "revenue", "total"])],
              template: "avg({order amount})"),
        .init(name: "average_margin", title: "average margin", meaning: "margin an order leaves on average",
              formula: "average margin per order", needs: [("margin", ["margin", "profit", "gross_margin"])],
              template: "avg({margin})"),
        .init(name: "traffic", title: "traffic by source", meaning: "visits, to break down by source",
              formula: "sessions (show traffic by TABLE.source)", needs: [("sessions", ["sessions", "visits"])],
              template: "sum({sessions})"),
        .init(name: "unique_visitors", title: "unique visitors", meaning: "distinct people who visited",
              formula: "unique visitors", needs: [("unique visitors", ["unique_visitors", "visitors", "users"])],
              template: "sum({unique visitors})"),
        .init(name: "new_visitor_share", title: "new vs returning visitors", meaning: "share of visits by new visitors",
              formula: "sessions of new visitors ÷ sessions",
              needs: [("sessions", ["sessions", "visits"]), ("visitor type", ["visitor_type", "user_type", "new_vs_returning"])],
              template: "sum({sessions} * ({visitor type} == \"new\")) / sum({sessions})", style: " as percent"),
        .init(name: "pages_per_visit", title: "pages per visit", meaning: "pages seen in an average visit",
              formula: "pageviews ÷ sessions", needs: [("pageviews", ["pageviews", "page_views", "pages"]), ("sessions", ["sessions", "visits"])],
              template: "sum({pageviews}) / sum({sessions})"),
        .init(name: "time_per_visit", title: "time per visit", meaning: "seconds spent in an average visit",
              formula: "time on site ÷ sessions",
              needs: [("time on site", ["time_on_site_sec", "time_on_site", "duration", "session_duration"]), ("sessions", ["sessions", "visits"])],
              template: "sum({time on site}) / sum({sessions})"),
        .init(name: "resolution_time", title: "average resolution time", meaning: "hours to resolve a support ticket",
              formula: "average resolution hours", needs: [("resolution time", ["resolution_hours", "resolution_time", "hours_to_resolve"])],
              template: "avg({resolution time})"),
        .init(name: "satisfaction", title: "satisfaction", meaning: "average customer satisfaction score",
              formula: "average satisfaction rating", needs: [("satisfaction", ["satisfaction", "csat", "rating", "score"])],
              template: "avg({satisfaction})"),
        .init(name: "social_interactions", title: "social interactions", meaning: "likes, comments and shares together",
              formula: "likes + comments + shares",
              needs: [("likes", ["likes"]), ("comments", ["comments"]), ("shares", ["shares"])],
              template: "sum({likes}) + sum({comments}) + sum({shares})"),
        .init(name: "shares", title: "shares", meaning: "times content was shared", formula: "shares",
              needs: [("shares", ["shares", "reposts"])], template: "sum({shares})"),
    ]

    /// The entry's metric statement on `tables`, or the roles no table has a column for.
    /// All of an entry's columns come from one table when one has them all.
    public func statement(for tables: [Table]) -> (statement: String?, missing: [String]) {
        func column(_ candidates: [String], in table: Table) -> String? {
            candidates.first { name in table.column(named: name) != nil }
        }
        let complete = tables.first { table in needs.allSatisfy { column($0.candidates, in: table) != nil } }
        var text = template, missing: [String] = []
        for need in needs {
            let table = complete ?? tables.first { column(need.candidates, in: $0) != nil }
            guard let table, let found = column(need.candidates, in: table) else {
                missing.append("\(need.role) (a column named \(need.candidates.prefix(3).joined(separator: ", ")) …)")
                continue
            }
            text = text.replacing("{\(need.role)}", with: "\(table.name).\(found)")
        }
        guard missing.isEmpty else { return (nil, missing) }
        return ("metric \(name) = \(text)\(style)", [])
    }
}
