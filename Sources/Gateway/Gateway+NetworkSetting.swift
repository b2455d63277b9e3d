import Foundation
import RegistryCore

/// `containers.network` followed while the registry runs: `mcp-registry config network`
/// (or a hand edit) writes the settings file, and the next activation uses it.
extension Gateway {
    /// Takes `containers.network` from the settings file again when the file changed since
    /// it was last read (one `stat` when it did not). Other settings keep the values the
    /// registry started with. A file that no longer parses changes nothing (and is logged).
    func refreshNetworkSetting() {
        guard let settingsFile else { return }
        let stamp = FileStamp(of: settingsFile)
        guard stamp != settingsFileStamp else { return }
        settingsFileStamp = stamp
        do {
            let network = try SettingsStore(file: settingsFile).load().containers.network
            guard network != settings.containers.network else { return }
            settings.containers.network = network
            logger.info("took containers.network from the settings file again", metadata: ["entries": "\(network.count)"])
        } catch {
            logger.warning("the settings file changed and does not read; containers.network stays as it was", metadata: ["error": "\(error)"])
        }
    }
}
