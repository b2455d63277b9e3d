/// When to pull an image before running it. The run itself always says `--pull never`.
public enum PullPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pull explicitly only when the image is absent (the default).
    case missing
    /// Never pull: an absent image is an error.
    case never
    /// Pull before every start.
    case always

    /// Parses the settings value; anything unknown means `missing`.
    public init(setting: String) {
        self = PullPolicy(rawValue: setting.lowercased()) ?? .missing
    }
}
