import KPICore

/// `samples/support_tickets.csv`: tickets opened 2025-01 … 2026-10 with resolution time
/// and satisfaction (1–5; empty when the customer did not rate; still-open tickets have
/// no resolution). The summer shipping delays bring a surge and worse scores; the new
/// helpdesk tool from February 2026 shortens resolution.
enum SupportTicketsSample {
    private static let channels = ["email", "chat", "phone", "form"]
    private static let channelWeights = [0.40, 0.30, 0.18, 0.12]
    private static let categories = ["billing", "delivery", "product", "account", "returns"]
    private static let categoryWeights = [0.22, 0.28, 0.24, 0.12, 0.14]

    static func write(to path: String) throws(OutputError) -> Int {
        var rng = Rng(seed: 0x4D4B_5404)
        var out = try CSVWriter(path: path)
        out.text("ticket_id,opened_at,resolved_at,channel,category,resolution_hours,satisfaction\n")
        var tickets = 0
        for day in WebTrafficSample.first...WebTrafficSample.last {
            let surge = Events.shippingDelays.contains(day) ? 2.6 : 1
            for _ in 0..<rng.poisson(3.0 * surge * Season.weekly(day, weekend: 0.5)) {
                writeTicket(tickets + 1, day, &rng, &out)
                try out.newline()
                tickets += 1
            }
        }
        try out.close()
        return tickets
    }

    private static func writeTicket(_ number: Int, _ day: Day, _ rng: inout Rng, _ out: inout CSVWriter) {
        let opened = 8 * 3600 + rng.int(below: 11 * 3600)
        let channel = rng.pick(channelWeights)
        let category = Events.shippingDelays.contains(day) && rng.chance(0.5) ? 1 : rng.pick(categoryWeights)
        var medianHours = [18.0, 2.5, 1.5, 26.0][channel]
        if day >= Events.newHelpdesk { medianHours *= 0.7 }
        let hours = rng.lognormal(median: medianHours, sigma: 0.8)
        let stillOpen = day.index > WebTrafficSample.last.index - 6 && rng.chance(0.5)
        out.text("T-")
        out.padded(number, width: 5)
        out.comma()
        out.dateTime(day, second: opened)
        out.comma()
        if !stillOpen {
            let resolvedSecond = opened + Int(hours * 3600)
            out.dateTime(day.advanced(by: resolvedSecond / 86_400), second: resolvedSecond % 86_400)
        }
        out.comma()
        out.text(channels[channel])
        out.comma()
        out.text(categories[category])
        out.comma()
        if !stillOpen { out.cents(Int((hours * 100).rounded())) }
        out.comma()
        if !stillOpen, rng.chance(0.62) {
            let score = 4.6 - hours / 40 - (Events.shippingDelays.contains(day) ? 0.9 : 0) + rng.normal(mean: 0, sd: 0.8)
            out.int(min(5, max(1, Int(score.rounded()))))
        }
    }
}
