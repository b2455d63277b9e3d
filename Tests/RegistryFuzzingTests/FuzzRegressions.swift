import Foundation
import RegistryFuzzing

/// The input of every crash `scripts/fuzz` found, kept as a regression test once fixed.
struct FuzzRegressions {
    var target: FuzzTarget
    var input: Data
    /// What went wrong before the fix.
    var note: String

    static let all: [FuzzRegressions] = [
        FuzzRegressions(
            target: .continueYAMLEdit,
            input: Data("mcpServers:\r\n- name: mcp-registry\r\n  command: old\r\n  env:\r\n    A: b\r\n".utf8),
            note: """
                Index out of range in ContinueConfigDocument.init: a config.yaml with Windows line endings \
                was split with String.split(separator: "\\n"), which never splits "\\r\\n" (one Character in \
                Swift), so the whole file was one line while libyaml's marks counted five.
                """
        ),
        FuzzRegressions(
            target: .continueYAMLEdit,
            input: Data("mcpServers:\r#\n-".utf8),
            note: """
                Index out of range in ContinueConfigDocument.init (found by the CI's short fuzz run): \
                libyaml also breaks lines at a lone "\\r" (and NEL, LS, PS), so its marks counted one \
                line more than the editor's "\\n" split. Such a file is now refused with a clear error.
                """
        ),
    ]
}
