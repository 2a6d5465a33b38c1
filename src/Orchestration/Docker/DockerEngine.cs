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

    /// <summary>How long a call long by nature may take (image load and save, builds, wait, stats and log streams).</summary>
    private static readonly TimeSpan LongCallTimeout = TimeSpan.FromMinutes(30);

    private readonly DockerClient _client;

    /// <summary>The same engine for calls that are long by nature; the same client when every call may be long.</summary>
    private readonly DockerClient _long;

    /// <param name="callTimeout">
    /// The deadline of an ordinary call (a node's engine through its tunnel: a minute, so a hung node
    /// costs a minute, not half an hour); null: every call may take <see cref="LongCallTimeout"/> (this host's engine).
    /// </param>
    public DockerEngine(Uri? endpoint = null, TimeSpan? callTimeout = null)
    {
        Endpoint = endpoint ?? DockerEndpoint.Resolve();
        _client = Client(Endpoint, callTimeout ?? LongCallTimeout);
        _long = callTimeout is null ? _client : Client(Endpoint, LongCallTimeout);
        CallTimeout = callTimeout ?? LongCallTimeout;
    }

    private static DockerClient Client(Uri endpoint, TimeSpan timeout) =>
        new DockerClientBuilder().WithEndpoint(endpoint).WithTimeout(timeout).WithApiVersion(ApiVersion).Build();

    /// <summary>The deadline of an ordinary call.</summary>
    public TimeSpan CallTimeout { get; }

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

    public void Dispose()
    {
        _client.Dispose();
        if (!ReferenceEquals(_long, _client)) _long.Dispose();
    }
}
