import ContainerRuntime
import Gateway

extension GatewayError {
    /// The failure in words for the model, with the next step (the gateway itself only
    /// states the facts).
    var sentence: String {
        switch self {
        case .notLaunchable(let id):
            return "\(id) has no container image, package or remote endpoint the registry can start; see registry-info for its links."
        case .unsupportedLaunch(let id, let kind):
            return "\(id) is a \(kind) server, which this registry cannot start yet."
        case .invalidConfiguration(let id, let problems):
            return "Invalid configuration for \(id):\n" + ConfigProblem.bullets(problems)
        case .missingConfiguration(let id, let missing):
            return ContainerPlanError.missingValues(entryID: id, missing: missing).sentence
        case .startFailed(let id, let cause, let stderr):
            return "\(id) did not start: \(cause.sentence)" + Self.stderrTail(stderr, cause: cause) + "\nNothing was left running."
        case .notActive(let id):
            return "\(id) is not active; registry-active lists the running servers."
        case .unknownTool(let name, let known):
            let list = known.isEmpty ? "no proxied tools are active (use registry-add)" : "known: \(known.prefix(20).joined(separator: ", "))"
            return "No proxied tool is named \(name); \(list)."
        case .unknownResource(let uri):
            return "No active server offers the resource \(uri); resources/list shows what is available."
        case .unknownPrompt(let name, let known):
            let list = known.isEmpty ? "no proxied prompts are active" : "known: \(known.prefix(20).joined(separator: ", "))"
            return "No proxied prompt is named \(name); \(list)."
        case .serverUnavailable(let id, let reason):
            return "\(id) cannot take calls right now: \(reason.sentence)"
        case .oauthRequired(let id, let provider, let secretName):
            return RemoteConnectorError.oauthRequired(entryID: id, provider: provider, secretName: secretName).sentence
        }
    }
}

extension StartFailure {
    /// Why the start failed, in the words of the layer that failed.
    var sentence: String {
        switch self {
        case .plan(let error): error.sentence
        case .engine(let error): error.sentence
        case .build(let error): error.sentence
        case .remote(let error): error.sentence
        case .session(let error): error.description
        case .hostedPackage(let error): error.sentence
        case .other(let text): text
        }
    }
}

extension ServerUnavailability {
    /// Why, and what to do, after "cannot take calls right now: ".
    var sentence: String {
        switch self {
        case .starting:
            return "it is starting; try again in a moment."
        case .restarting(let restarts, let lastError):
            return "it exited and is being restarted (restart \(restarts)); try again in a few seconds. Last error: \(lastError ?? "unknown")"
        case .givenUp(let lastError):
            return "it kept crashing and was given up; registry-remove and registry-add it again. Last error: \(lastError ?? "unknown")"
        case .didNotWake(let error):
            return "it was stopped while idle and did not start again: \(error)"
        case .stillUnreachable(let error):
            return "it still cannot be reached (each call tries again): \(error)"
        case .notReady(let status):
            return "it is \(status); try again in a few seconds."
        case .noSession:
            return "it has no live session."
        }
    }
}
