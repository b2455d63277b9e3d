/// Which `podman run` options a catalog definition may carry in its runtime arguments
/// (official `runtimeArguments` of an `oci` package, `ContainerLaunch.runtimeArguments`).
///
/// The hardening profile owns the network, the user namespace, capabilities, devices and
/// the security options, so a definition may only set environment variables (`-e`), mounts
/// (`-v`, `--mount type=bind|volume`), the working directory (`-w`) and the user (`-u`);
/// `--rm`, `-i` and `--init` are accepted and ignored (every plan has them). Anything else
/// (`--network host`, `--privileged`, `--pid host`, `--device`, `--cap-add`…) makes the
/// package not launchable. The planner applies the same table when it builds the command.
public enum RuntimeOptionRules {
    /// How an allowed option is handled.
    public enum Option: Sendable, Hashable {
        /// Already part of every plan; dropped.
        case ignored
        case environment
        case volume
        case mount
        case workdir
        case user
    }

    /// The allowed option for a token (`-e`, `--env=A=b`, `--mount`), or `nil` when refused.
    public static func option(_ name: String) -> Option? {
        switch name {
        case "--rm", "-i", "--interactive", "--init": .ignored
        case "-e", "--env": .environment
        case "-v", "--volume": .volume
        case "--mount": .mount
        case "-w", "--workdir": .workdir
        case "-u", "--user": .user
        default: nil
        }
    }

    /// Whether the option takes a value (as the next word or after `=`).
    public static func takesValue(_ option: Option) -> Bool {
        option != .ignored
    }

    /// The first option the hardening profile refuses, as written (`--network host`), or
    /// `nil` when every option is allowed. A `--mount` whose literal `type=` is neither
    /// `bind` nor `volume` is refused too.
    public static func firstRefused(_ arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts.first ?? token
            guard let option = option(name) else {
                let next = index + 1 < arguments.count && !arguments[index + 1].hasPrefix("-") && parts.count == 1
                return next ? "\(token) \(arguments[index + 1])" : token
            }
            var value: String? = token.hasPrefix("--") && parts.count == 2 ? parts[1] : nil
            if takesValue(option), value == nil {
                index += 1
                value = index < arguments.count ? arguments[index] : nil
                if value == nil { return "\(token) without a value" }
            }
            if option == .mount, let value, let type = mountType(value), !["bind", "volume"].contains(type) {
                return "--mount \(value)"
            }
            index += 1
        }
        return nil
    }

    /// The literal `type=` of a `--mount` value (`bind`, `tmpfs`), lower-cased.
    static func mountType(_ value: String) -> String? {
        for field in value.split(separator: ",") {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0] == "type" { return pair[1].lowercased() }
        }
        return nil
    }
}
