using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// DNS lookups that give up when the caller's time is up. A blocking lookup has no timeout of
/// its own (a resolver that does not answer holds it for the resolver's retries, or longer), so
/// it runs on a thread of its own and the caller waits only as long as it may; a lookup still
/// running is waited for again on the next call rather than started twice.
/// </summary>
public sealed class BoundedLookup(Func<string, IPAddress[]> resolve)
{
    private Task<IPAddress[]>? _pending;
    private string? _pendingHost;

    /// <summary>The addresses of <paramref name="host"/>, or null with <paramref name="problem"/> saying why there are none.</summary>
    public IPAddress[]? Resolve(string host, TimeSpan limit, out string problem)
    {
        if (_pending is null || _pendingHost != host)
        {
            _pending = Task.Factory.StartNew(() => resolve(host), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _pendingHost = host;
        }

        var lookup = _pending;
        if (!((IAsyncResult)lookup).AsyncWaitHandle.WaitOne(limit < TimeSpan.Zero ? TimeSpan.Zero : limit))
        {
            problem = $"{host}: DNS gave no answer within {limit.TotalSeconds:0.#} s";
            return null;
        }

        _pending = null;
        if (lookup.Exception?.InnerException is SocketException e)
        {
            problem = $"{host} does not resolve ({e.SocketErrorCode}: {e.Message})";
            return null;
        }

        if (lookup.Exception?.InnerException is { } other)
        {
            ExceptionDispatchInfo.Throw(other);
        }

        problem = "";
        return lookup.Result;
    }
}
