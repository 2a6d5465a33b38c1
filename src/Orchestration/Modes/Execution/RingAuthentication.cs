using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Whether ring messages carry authentication tags after the handshake, decided per path (issue 22).
/// The tags cost +36.7 % of the all-reduce at world 3 on this machine's CPU-bound loopback (Bench):
/// the goal of under 3 % is out of reach at GMAC's ~8 GB/s per core. So tags go only where they
/// guard something: where the ring's path leaves the machine (real hosts, whose LAN others may
/// reach). On virtual nodes and this host the path is a bridge or loopback that only root on this
/// machine reaches (and root can read the token anyway), and TensorFlow's collectives, which the
/// thesis measured, carry none either. The handshake stays authenticated everywhere. One value per
/// run, given to every worker of every mode, so the modes compared never differ in it.
/// </summary>
public static class RingAuthentication
{
    public static bool TagsFor(ClusterKind kind) => kind == ClusterKind.Hosts;
}
