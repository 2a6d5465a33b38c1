namespace Testbed.Orchestration.Docker;

/// <summary>
/// A container that plays a host (a virtual node), in the project's terms: where it sits on the
/// LAN, its CPU and memory limits, its volumes (name to path), labels, and the privileges a
/// nested Docker engine needs without --privileged.
/// </summary>
/// <param name="UnmaskSystemPaths">
/// The CLI's --security-opt systempaths=unconfined, which the API spells as empty MaskedPaths and
/// ReadonlyPaths: /proc and /sys paths neither hidden nor read-only.
/// </param>
public sealed record NodeContainerSpec(
    string Name,
    string Hostname,
    string Image,
    string Network,
    string Address,
    IReadOnlyList<string> Aliases,
    long NanoCpus,
    long MemoryBytes,
    IReadOnlyDictionary<string, string> Volumes,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> CapAdd,
    IReadOnlyList<string> CapDrop,
    IReadOnlyList<string> SecurityOptions,
    bool UnmaskSystemPaths,
    IReadOnlyList<string> DeviceCgroupRules,
    string CgroupnsMode);

/// <summary>What the pipeline needs to know of an existing container.</summary>
public sealed record ContainerFacts(string Id, string Name, bool Running, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Frozen by a pause (a stop-node fault a killed run could not undo); only known from an inspection.</summary>
    public bool Paused { get; init; }
}
