namespace Testbed.Orchestration.Cluster;

/// <summary>Where a cluster's nodes come from.</summary>
public enum ClusterKind
{
    /// <summary>This host alone: its own engine, a one-node swarm on 127.0.0.1.</summary>
    Local,

    /// <summary>Nodes made on this host: containers that each run sshd and a Docker engine, on a bridge network playing the LAN.</summary>
    Virtual,

    /// <summary>Real machines reached over SSH.</summary>
    Hosts,
}

/// <summary>A virtual node: its name, CPU share (a CFS quota, in cores) and memory limit.</summary>
public sealed record VirtualNodeSpec(string Name, double Cpus, int MemoryMb);

/// <summary>
/// A real host: where to reach it (the address the other nodes reach it at too: the swarm
/// advertises it), who to log in as, with which private key, and whether that user needs
/// <c>sudo -n</c> for root's work (engine, /var/lib/testbed).
/// </summary>
public sealed record HostSpec(string Name, string Address, int Port, string User, string KeyFile, bool Sudo);

/// <summary>
/// A cluster the pipeline runs on, loaded from <c>clusters/&lt;name&gt;.json</c> (the file name is
/// its name). <see cref="NodeNames"/> are the logical nodes experiments place workers on; the
/// first node is the swarm's manager.
/// </summary>
public sealed record ClusterDefinition
{
    public const int DefaultTrainerPort = 29500;

    /// <summary>How many ports from <see cref="TrainerPorts"/> on native workers may use on a node.</summary>
    public const int TrainerPortCount = 100;

    public required string Name { get; init; }
    public ClusterKind Kind { get; init; }
    public string Description { get; init; } = "";

    /// <summary>The first of <see cref="TrainerPortCount"/> ports native workers listen on, on each node's own address.</summary>
    public int TrainerPorts { get; init; } = DefaultTrainerPort;

    public IReadOnlyList<VirtualNodeSpec> VirtualNodes { get; init; } = [];
    public IReadOnlyList<HostSpec> Hosts { get; init; } = [];

    /// <summary>
    /// Real hosts: the known_hosts file their keys are checked against, instead of the user's
    /// (~/.ssh/known_hosts) and the system's; null for those two.
    /// </summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>How the hosts' SSH keys are trusted: the cluster's own known_hosts file, else the user's and the system's.</summary>
    public HostKeyCheck.KnownHosts HostKeys => KnownHostsFile is null ? HostKeyCheck.KnownHosts.OfThisUser() : new([KnownHostsFile]);

    /// <summary>The file it came from and the SHA-256 of its bytes, for the run manifest.</summary>
    public string File { get; init; } = "";
    public string Sha256 { get; init; } = "";

    public IReadOnlyList<string> NodeNames => Kind switch
    {
        ClusterKind.Virtual => VirtualNodes.Select(n => n.Name).ToList(),
        ClusterKind.Hosts => Hosts.Select(n => n.Name).ToList(),
        _ => [],
    };

    /// <summary>The default cluster: this host, as every run used before clusters existed.</summary>
    public static ClusterDefinition Local { get; } = new() { Name = "local", Kind = ClusterKind.Local };
}
