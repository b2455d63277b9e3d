import ContainerRuntime

extension ContainerEngineError {
    /// How to install podman, for people and the model (the engine only reports that it is
    /// missing).
    public static let installHint =
        "Install it with `apt-get install -y podman runc` (Debian/Ubuntu), `dnf install podman` (Fedora) or `brew install podman` (macOS, then `podman machine init && podman machine start`); from a checkout of mcp-registry, `scripts/install-deps` installs it."

    /// The failure in words for the model and for people, with the next step (the engine
    /// only states the facts).
    public var sentence: String {
        switch self {
        case .engineMissing(let engine, let reason):
            let detail = reason.detail(engine: engine).map { "\($0). " } ?? ""
            return "\(engine) is not installed or cannot run. \(detail)\(Self.installHint) Search and info still work without it."
        case .imageMissing(let image):
            return "The image \(image) is not present and the pull policy is `never`; pull it yourself (podman pull \(image)) or set containers.pullPolicy to `missing`."
        case .pullFailed(let image, _):
            let detail = lastStderrLine
            return "The image \(image) is not present locally and pulling it failed" + (detail.isEmpty ? "" : " (\(detail))")
                + ". Check the network or the image name, or pull or load it yourself (podman pull \(image)), then try again."
        case .secretUnavailable(let name):
            return "The secret for \(name) has no value; set it with registry-config-set."
        case .commandFailed, .stopFailed:
            return description
        }
    }
}

extension ImageBuildError {
    /// The failure in words for the model and for people, with the next step.
    public var sentence: String {
        switch self {
        case .engineMissing(let engine):
            return "\(engine) is not installed, so no image can be built. \(ContainerEngineError.installHint)"
        case .toolMissing(let tool):
            return "\(tool) is not installed, so no base image can be built from Debian packages. "
                + "Install it (apt-get install \(tool)) or make the configured base image available."
        case .failed, .interrupted:
            return description
        }
    }
}
