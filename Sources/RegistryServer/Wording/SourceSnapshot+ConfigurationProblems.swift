import ContainerRuntime
import RegistryCore

extension SourceSnapshot {
    /// The snapshot's problems plus, for each entry whose declared configuration contradicts
    /// itself (`ConfigurationIssue`), one problem per issue, worded for `registry-status`.
    var problemsWithConfigurationIssues: [SourceProblem] {
        var result = problems
        for entry in entries {
            let location = entry.provenance.first(where: { $0.sourceID == sourceID })?.location ?? entry.id
            for issue in ConfigurationIssue.issues(in: entry) {
                result.append(SourceProblem(location: location, message: Self.sentence(issue, entryID: entry.id)))
            }
        }
        return result
    }

    static func sentence(_ issue: ConfigurationIssue, entryID: String) -> String {
        switch issue {
        case .undeclaredParameter(let name, let field):
            return "\(entryID): \(field) reads the parameter \(name), which its parameters do not declare; set \(name) to configure it."
        case .requiredNamesVariable(let name):
            return "\(entryID): parameters.required lists the environment variable \(name); what its template reads is asked for instead."
        case .requiredNamesSecret(let name):
            return "\(entryID): parameters.required lists the secret \(name); it is asked for as a secret."
        case .requiredNamesNothing(let name):
            return "\(entryID): parameters.required lists \(name), which the entry does not declare."
        }
    }
}
