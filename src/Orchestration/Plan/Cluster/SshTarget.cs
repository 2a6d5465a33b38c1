namespace Testbed.Orchestration.Cluster;

/// <summary>
/// How to reach one node over SSH: address, port, user, private key, whether root's work needs
/// <c>sudo -n</c>, and how its host key is trusted.
/// </summary>
public sealed record SshTarget(string Node, string Address, int Port, string User, string KeyFile, bool Sudo, HostKeyCheck HostKey)
{
    public override string ToString() => $"{Node} ({User}@{Address}:{Port})";
}

/// <summary>How a node's SSH host key is trusted. Never silently: an unknown key is an error that says how to add it.</summary>
public abstract record HostKeyCheck
{
    /// <summary>The key the pipeline generated and installed itself (virtual nodes): only it is accepted.</summary>
    public sealed record Pinned(string PublicKeyFile) : HostKeyCheck;

    /// <summary>Real hosts: the key must be in the user's (or the system's) known_hosts.</summary>
    public sealed record KnownHosts(IReadOnlyList<string> Files) : HostKeyCheck
    {
        public static KnownHosts OfThisUser() => new([
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts"),
            "/etc/ssh/ssh_known_hosts",
        ]);
    }
}
