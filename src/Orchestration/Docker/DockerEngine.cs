using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Orchestration.Docker;

/// <summary>
/// The one door to the Docker Engine API (Docker.DotNet stays behind this folder). The client
/// asks for API 1.41: the engine Debian ships (20.10) refuses newer ones, and older ones silently
/// drop fields we set.
/// </summary>
public sealed partial class DockerEngine : IDisposable
{
    private static readonly System.Version ApiVersion = new(1, 41);
    private readonly DockerClient _client;

    public DockerEngine(Uri? endpoint = null)
    {
        Endpoint = endpoint ?? DockerEndpoint.Resolve();
        _client = new DockerClientConfiguration(Endpoint, defaultTimeout: TimeSpan.FromMinutes(30)).CreateClient(ApiVersion);
    }

    public Uri Endpoint { get; }

    /// <summary>True when the engine answers a ping within the timeout.</summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        source.CancelAfter(timeout);
        try
        {
            await _client.System.PingAsync(source.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<string> VersionAsync(CancellationToken cancellation = default) =>
        (await _client.System.GetVersionAsync(cancellation)).Version;

    public void Dispose() => _client.Dispose();
}
