extension StringProtocol {
    /// The text cut at every line feed (`\n`), a `\r` before it kept at the end of its line;
    /// `n` line feeds give `n + 1` parts.
    ///
    /// `split(separator: "\n")` on a `String` does not do this: Swift treats `\r\n` as one
    /// `Character`, different from `"\n"`, so a file with Windows line endings came back as
    /// one single line.
    public func splitAtLineFeeds() -> [String] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }
}
