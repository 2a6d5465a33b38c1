using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>One layer of the container overhead: what going from one mode to the next costs.</summary>
public sealed record OverheadPart(string Name, string What, Mode From, Mode To, Overhead? Estimate);

/// <summary>
/// The container overhead split into its layers, from runs with the intermediate modes: isolation
/// (container-host over native: namespaces, cgroups, the image's filesystem; same network path),
/// then the network path (container over container-host), itself split at container-bridge when
/// that mode ran (a container's own network namespace on a bridge, then the overlay and Swarm's
/// DNS). Every part is paired within the interleaving rounds where every mode succeeded, so the
/// parts' geometric means multiply to the total's exactly.
/// </summary>
public sealed record Attribution(Overhead? Total, IReadOnlyList<OverheadPart> Parts, int Rounds)
{
    public static Attribution? Of(IReadOnlyList<Repetition> measured, IReadOnlyList<Mode> modes)
    {
        if (!modes.Contains(Mode.Native) || !modes.Contains(Mode.ContainerHost) || !modes.Contains(Mode.Container)) return null;
        var chain = modes.Where(m => m is Mode.Native or Mode.ContainerHost or Mode.ContainerBridge or Mode.Container).OrderBy(m => m.Order()).ToList();
        // Only rounds where every mode of the chain succeeded: the same repetitions behind every part.
        var complete = measured.Where(r => r.Round is not null).GroupBy(r => r.Round!.Value)
            .Where(g => chain.All(m => g.Any(r => r.Mode == m))).SelectMany(g => g).ToList();
        var rounds = complete.Select(r => r.Round).Distinct().Count();

        Overhead? Ratio(Mode from, Mode to) => Overhead.Paired(Pairs.Values(Pairs.Of(complete, from, to), r => r.ScenarioSeconds));
        var parts = new List<OverheadPart> { new("isolation", "namespaces, cgroups, the image's filesystem (container-host over native)", Mode.Native,
            Mode.ContainerHost, Ratio(Mode.Native, Mode.ContainerHost)) };
        if (chain.Contains(Mode.ContainerBridge))
        {
            parts.Add(new("network namespace and bridge", "a container's own network stack on a bridge, no Swarm (container-bridge over container-host)",
                Mode.ContainerHost, Mode.ContainerBridge, Ratio(Mode.ContainerHost, Mode.ContainerBridge)));
            parts.Add(new("overlay and Swarm DNS", "the overlay network (VXLAN across nodes) and Swarm's service discovery (container over container-bridge)",
                Mode.ContainerBridge, Mode.Container, Ratio(Mode.ContainerBridge, Mode.Container)));
        }
        else
        {
            parts.Add(new("network path", "veth, bridge, overlay (VXLAN across nodes), Swarm DNS (container over container-host)",
                Mode.ContainerHost, Mode.Container, Ratio(Mode.ContainerHost, Mode.Container)));
        }
        return new Attribution(Ratio(Mode.Native, Mode.Container), parts, rounds);
    }
}
