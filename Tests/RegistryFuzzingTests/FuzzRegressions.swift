import Foundation
import RegistryFuzzing

/// The minimal input of every crash `scripts/fuzz` found, kept as a regression test once fixed.
struct FuzzRegressions {
    var target: FuzzTarget
    var input: Data
    /// What went wrong before the fix.
    var note: String

    static let all: [FuzzRegressions] = []
}
