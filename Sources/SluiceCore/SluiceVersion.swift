/// The version of Sluice's executables.
public enum SluiceVersion {
    /// The release version.
    public static let current = "0.1.0-dev"
}
