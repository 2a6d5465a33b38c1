using Spectre.Console;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Progress;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>Teardown's part: removing virtual nodes leaves no container or network, and volumes only when asked.</summary>
[Trait("Tier", "Integration")]
public sealed class VirtualNodesRemovalTests
{
    private static readonly VirtualNodeNaming Naming = new("tbn-rm");

    [Fact]
    public async Task Removing_virtual_nodes_leaves_no_container_or_network_and_volumes_only_when_asked()
    {
        var environment = IntegrationEnvironment.Require();
        using var host = new DockerEngine();
        var reporter = new ConsoleReporter(AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(TextWriter.Null) }));
        var nodes = new VirtualNodes(host, reporter, Naming);
        var cluster = new ClusterDefinition { Name = "tbn-rm", Kind = ClusterKind.Virtual, VirtualNodes = [new VirtualNodeSpec("node-1", 0.2, 512)] };
        var label = $"{Labels.VirtualNodes}={Naming.Prefix}";
        try
        {
            var image = await nodes.EnsureImageAsync($"testbed/base:{environment.Rootfs.Hash}", CancellationToken.None);
            var keys = await SshKeys.EnsureAsync(Path.Combine(Path.GetDirectoryName(environment.SessionsDirectory)!, "cluster", "ssh"), CancellationToken.None);
            var made = await nodes.EnsureAsync(cluster, image, keys, CancellationToken.None);
            Assert.True(Assert.Single(made).Created);

            var removed = await nodes.RemoveAsync(volumes: false, CancellationToken.None);
            Assert.Equal((1, 1, 0), (removed.Containers, removed.Networks, removed.Volumes));
            Assert.Empty(await host.ContainersLabelledAsync(label, CancellationToken.None));
            Assert.Null(await host.NetworkSubnetAsync(Naming.Network, CancellationToken.None));
            Assert.Equal(2, (await host.VolumesLabelledAsync(label, CancellationToken.None)).Count);

            // Made again from the kept volumes, then removed with them.
            Assert.True(Assert.Single(await nodes.EnsureAsync(cluster, image, keys, CancellationToken.None)).Created);
            removed = await nodes.RemoveAsync(volumes: true, CancellationToken.None);
            Assert.Equal((1, 1, 2), (removed.Containers, removed.Networks, removed.Volumes));
            Assert.Empty(await host.VolumesLabelledAsync(label, CancellationToken.None));
            Assert.Equal(new RemovedVirtualNodes(0, 0, 0), await nodes.RemoveAsync(volumes: true, CancellationToken.None));
        }
        finally
        {
            await nodes.RemoveAsync(volumes: true, CancellationToken.None);
        }
    }
}
