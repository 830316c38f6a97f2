import KPICore

/// `samples/orders.csv`: individual orders with repeat customers, 2024-01 … 2026-10.
///
/// About 30% of orders come from customers who bought before, so "repeat purchases per
/// customer" and "average order value" have realistic answers. Black Friday orders carry
/// thinner margins because of discounts.
enum OrdersSample {
    private static let firstOrderID = 100_001
    private static let firstCustomerID = 10_001
    private static let repeatShare = 0.30
    private static let channels = ["search", "social", "display", "email", "direct"]
    /// New customers arrive through paid channels; repeat buyers mostly via email or direct.
    private static let newCustomerWeights = [0.34, 0.22, 0.10, 0.12, 0.22]
    private static let repeatWeights = [0.15, 0.10, 0.02, 0.38, 0.35]

    static func write(to path: String) throws(OutputError) -> Int {
        var rng = Rng(seed: 0x4D4B_5402)
        var out = try CSVWriter(path: path)
        out.text("order_id,customer_id,order_date,amount,margin,channel\n")
        var customers = 0
        var orders = 0
        for day in MarketingSample.first...MarketingSample.last {
            for _ in 0..<rng.poisson(ordersPerDay(day)) {
                let returning = customers >= 50 && rng.chance(repeatShare)
                let customer = returning ? rng.int(below: customers) : customers
                if !returning {
                    customers += 1
                }
                let channel = rng.pick(returning ? repeatWeights : newCustomerWeights)
                writeOrder(firstOrderID + orders, firstCustomerID + customer, day, channel, &rng, &out)
                try out.newline()
                orders += 1
            }
        }
        try out.close()
        return orders
    }

    private static func ordersPerDay(_ day: Day) -> Double {
        var mean = 6.0 * Season.yearly(day) * Season.weekly(day, weekend: 0.85)
        mean *= Season.trend(day, since: MarketingSample.first, perYear: 0.15)
        if Events.productLaunch.contains(day) {
            mean *= 1.3
        }
        return mean
    }

    private static func writeOrder(
        _ orderID: Int, _ customerID: Int, _ day: Day, _ channel: Int,
        _ rng: inout Rng, _ out: inout CSVWriter
    ) {
        let median = 85 * (Season.yearly(day) > 1.15 ? 1.1 : 1)
        let amount = max(500, Int((rng.lognormal(median: median, sigma: 0.55) * 100).rounded()))
        let discounted = Season.yearly(day) > 1.15
        let marginRate = discounted ? rng.uniform(0.12, 0.35) : rng.uniform(0.22, 0.48)
        out.int(orderID)
        out.comma()
        out.byte("C")
        out.int(customerID)
        out.comma()
        out.date(day)
        out.comma()
        out.cents(amount)
        out.comma()
        out.cents(Int((Double(amount) * marginRate).rounded()))
        out.comma()
        out.text(channels[channel])
    }
}
