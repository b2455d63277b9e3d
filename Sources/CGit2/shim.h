#include <git2.h>
#include <git2/sys/stream.h>

/// The socket stream with time limits that replaces libgit2's own (GitSocketStream.swift).
/// Its first four members are laid out as libgit2 1.5's `git_socket_stream`, whose socket
/// the ssh transport reads directly.
typedef struct {
    git_stream parent;
    char *host;
    char *port;
    int socket;
    /// When the transfer must end (DispatchTime uptime, ns); 0: no limit.
    unsigned long long deadline;
} mcp_registry_git_socket_stream;
