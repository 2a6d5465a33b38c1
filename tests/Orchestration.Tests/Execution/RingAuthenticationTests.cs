using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Execution;

namespace Testbed.Orchestration.Tests.Execution;

/// <summary>Ring tags only where the ring's path leaves the machine; the handshake is the trainer's, authenticated always.</summary>
[Trait("Tier", "Unit")]
public sealed class RingAuthenticationTests
{
    [Theory]
    [InlineData(ClusterKind.Hosts, true)]
    [InlineData(ClusterKind.Virtual, false)]
    [InlineData(ClusterKind.Local, false)]
    public void Tags_go_where_the_path_leaves_the_machine(ClusterKind kind, bool tags) =>
        Assert.Equal(tags, RingAuthentication.TagsFor(kind));
}
