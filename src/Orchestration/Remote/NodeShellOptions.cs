namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Every deadline of the node layer in one place: each node operation has one, so a node that
/// hangs (frozen, cut off silently, a TCP peer that still acknowledges) costs seconds, never a run.
/// Tests shorten them; the defaults suit real hosts on a LAN and virtual nodes on a busy machine.
/// </summary>
public sealed record NodeShellOptions
{
    public static NodeShellOptions Default { get; } = new();

    /// <summary>One SSH connection attempt: TCP, banner, key exchange and login.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a node with running processes is asked to echo a line back (a command round trip, not a TCP keep-alive).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A node that has not echoed within this is unresponsive: its processes are marked lost. Generous
    /// on purpose: a 2-core machine under a load of 20 answered within 2 s, and a false alarm stops a repetition.
    /// </summary>
    public TimeSpan LivenessTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a lost process's node is tried again (a fresh connection every few seconds) to kill its
    /// process group; long enough for a node frozen 75 s (stop-node) to come back.
    /// </summary>
    public TimeSpan LostProcessKillWindow { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a start may take before it is given up (and whatever it began killed).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A copy's deadline is this much plus its bytes at <see cref="MinimumCopyBytesPerSecond"/>.</summary>
    public TimeSpan CopyBaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The slowest copy rate taken as alive (2 MB/s: a loaded LAN; virtual nodes moved 265-360 MB/s).</summary>
    public long MinimumCopyBytesPerSecond { get; init; } = 2L << 20;

    /// <summary>An engine call through the node's tunnel; calls long by nature (image load, wait, stats, logs) have none.</summary>
    public TimeSpan EngineCallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Channels per SSH connection before another is opened: OpenSSH allows 10 sessions per
    /// connection by default (MaxSessions), and a real host's sshd is not ours to change.
    /// </summary>
    public int ChannelsPerConnection { get; init; } = 8;

    /// <summary>The deadline of a copy of <paramref name="bytes"/>.</summary>
    public TimeSpan CopyTimeout(long bytes) => CopyBaseTimeout + TimeSpan.FromSeconds((double)bytes / MinimumCopyBytesPerSecond);
}
