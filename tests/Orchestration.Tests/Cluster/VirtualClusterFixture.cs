using Spectre.Console;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Progress;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>The tests that share one virtual cluster run one after the other, never beside each other.</summary>
[CollectionDefinition(Name)]
public sealed class VirtualClusterCollection : ICollectionFixture<VirtualClusterFixture>
{
    public const string Name = "virtual-2 cluster";
}

/// <summary>
/// A 2-node virtual cluster (clusters/virtual-2.json) made from nothing under the test prefix
/// tbn-it (never a user's nodes), then made again to show it is reused. Removed with its volumes
/// afterwards.
/// </summary>
public sealed class VirtualClusterFixture : IAsyncLifetime
{
    /// <summary>TESTBED_TEST_NODE_PREFIX gives two checkouts testing on one engine clusters of their own.</summary>
    public static readonly VirtualNodeNaming Naming = new(System.Environment.GetEnvironmentVariable("TESTBED_TEST_NODE_PREFIX") is { Length: > 0 } prefix
        ? prefix : "tbn-it");

    public DockerEngine Host { get; } = new();
    public StringWriter Log { get; } = new();
    public ProvisionedCluster Cluster { get; private set; } = null!;
    public ProvisioningTimings FromNothing { get; private set; } = null!;
    public ProvisioningTimings Reused { get; private set; } = null!;
    public TrainerImage Trainer { get; private set; } = null!;
    internal IntegrationEnvironment Environment { get; private set; } = null!;

    public IReporter Reporter => new ConsoleReporter(AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(Log),
    }));

    public ClusterSettings Settings => new(Path.GetDirectoryName(Environment.SessionsDirectory)!, Naming);

    public async Task InitializeAsync()
    {
        Environment = IntegrationEnvironment.Require();
        var definition = ClusterLoader.Load(Path.Combine(Environment.RepositoryRoot, "clusters"), "virtual-2", MachineLimits.OfThisMachine());
        var id = await Host.ImageIdAsync(Environment.Image) ?? throw new InvalidOperationException($"{Environment.Image} is not in the host's engine");
        Trainer = new TrainerImage(Environment.Image, id, $"testbed/base:{Environment.Rootfs.Hash}", "", "");

        // From nothing: no container, network or volume of the test prefix is left from an earlier run.
        await ClusterProvisioner.RemoveVirtualNodesAsync(Host, Reporter, Naming, volumes: true, CancellationToken.None);
        var provisioner = new ClusterProvisioner(Host, Reporter, Settings);
        await using (var first = await provisioner.EnsureAsync(definition, Environment.Rootfs, Trainer, Environment.PublishDirectory, CancellationToken.None))
            FromNothing = first.Timings;
        Cluster = await provisioner.EnsureAsync(definition, Environment.Rootfs, Trainer, Environment.PublishDirectory, CancellationToken.None);
        Reused = Cluster.Timings;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        await ClusterProvisioner.RemoveVirtualNodesAsync(Host, Reporter, Naming, volumes: true, CancellationToken.None);
        Host.Dispose();
    }
}
