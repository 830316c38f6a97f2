/// Turns headers and file names into the identifiers statements use.
public enum Identifier {
    /// Lowercased, runs of anything but letters and digits turned into one `_`,
    /// no `_` at either end; a leading digit gets a `_` in front
    /// (`New Customers` → `new_customers`, `Spend (USD)` → `spend_usd`).
    public static func from(_ text: String) -> String {
        var result = ""
        var gap = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if gap, !result.isEmpty { result += "_" }
                gap = false
                result.unicodeScalars.append(scalar)
            } else {
                gap = true
            }
        }
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "_" + result }
        return result
    }

    /// The table name for a file: its base name without the extension, as an identifier.
    public static func tableName(forPath path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let base = file.contains(".") ? String(file[..<file.lastIndex(of: ".")!]) : file
        let name = from(base)
        return name.isEmpty ? "table" : name
    }
}
