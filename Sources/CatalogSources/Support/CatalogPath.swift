/// Paths from an untrusted catalog as they may be shown (status, logs): control and format
/// characters (newlines, escapes, bidi overrides) become `\u{FFFD}`, so a file name cannot
/// forge a line of a log or the layout of a status report.
enum CatalogPath {
    static func display(_ path: String) -> String {
        var shown = String.UnicodeScalarView()
        for scalar in path.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: shown.append("\u{FFFD}")
            default: shown.append(scalar)
            }
        }
        return String(shown)
    }
}
