using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Monitoring;

/// <summary>Where a <see cref="SamplerProgram"/> runs: a cluster node (over SSH) or this host.</summary>
public interface ISamplerPlace
{
    /// <summary>The node's name as the run names it (this host: its machine name).</summary>
    string Name { get; }

    /// <summary>The address whose interface carries the cluster's traffic; null on this host alone.</summary>
    string? LanAddress { get; }

    /// <summary>A folder the place's root can write scratch files to.</summary>
    string WorkFolder { get; }

    /// <summary>Starts <paramref name="command"/> (sh) there; each output line goes to <paramref name="onLine"/>.</summary>
    Task<IAsyncDisposable> StartAsync(string command, Action<string> onLine, CancellationToken cancellation);

    /// <summary>Runs a short sh command there (file edits), failing on a non-zero exit.</summary>
    Task RunAsync(string command, CancellationToken cancellation);
}

/// <summary>A cluster node: the sampler is one long-running SSH command (one session, not one per sample).</summary>
public sealed class NodeSamplerPlace(ClusterNode node) : ISamplerPlace
{
    public string Name => node.Name;
    public string? LanAddress => node.Address;
    public string WorkFolder => $"{NodeLayout.Root}/work";

    public async Task<IAsyncDisposable> StartAsync(string command, Action<string> onLine, CancellationToken cancellation) =>
        new Stopping(await node.Shell.StartAsync(command, onLine, cancellation));

    public Task RunAsync(string command, CancellationToken cancellation) =>
        node.Shell.RunAsync(command, TimeSpan.FromSeconds(30), cancellation);

    private sealed class Stopping(RemoteProcess process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await process.StopAsync(TimeSpan.FromSeconds(1));
            await process.DisposeAsync();
        }
    }
}
