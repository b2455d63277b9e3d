/// A running server whose container has no network (`--network none`): what a failed
/// call to it is checked against, to tell the model the network may be what it missed.
public struct NetworklessServer: Sendable, Hashable {
    /// The catalog entry's id (the key of `containers.network` in the settings file).
    public var entryID: String
    /// The last lines the child wrote to stderr.
    public var recentErrorOutput: [String]

    public init(entryID: String, recentErrorOutput: [String]) {
        self.entryID = entryID
        self.recentErrorOutput = recentErrorOutput
    }
}
