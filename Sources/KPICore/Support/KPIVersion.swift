/// The version shown at start-up and in `kpi --version`.
public enum KPIVersion {
    public static let current = "0.1.0"
}
