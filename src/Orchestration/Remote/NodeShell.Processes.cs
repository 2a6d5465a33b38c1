namespace Testbed.Orchestration.Cluster;

public sealed partial class NodeShell
{
    /// <summary>
    /// Starts a long-running command (a native worker) in its own process group on the node; each
    /// line it prints (stdout and stderr) goes to <paramref name="onLine"/>. Returns once it runs.
    /// A start that fails leaves nothing running. Cancelling <paramref name="cancellation"/> stops it
    /// and everything it started. Never retried: a start is not safe to run twice.
    /// </summary>
    public async Task<RemoteProcess> StartAsync(string command, Action<string> onLine, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await RemoteProcess.StartAsync(this, command, onLine, cancellation);
    }

    /// <summary>True when the node runs a command and answers within <paramref name="timeout"/>: a round trip, not a TCP keep-alive.</summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout)
    {
        try
        {
            return (await RunAsync("true", timeout, CancellationToken.None, check: false)).ExitCode == 0;
        }
        catch (Exception e) when (e is NodeUnreachableException or Testbed.Orchestration.Processes.ProcessFailedException or HostKeyRejectedException)
        {
            return false;
        }
    }

    /// <summary>The processes this shell started that have not been disposed.</summary>
    internal IReadOnlyList<RemoteProcess> Processes
    {
        get { lock (_processes) return [.. _processes]; }
    }

    internal void Register(RemoteProcess process)
    {
        lock (_processes) _processes.Add(process);
        _heartbeat.EnsureRunning();
    }

    internal void Unregister(RemoteProcess process)
    {
        lock (_processes) _processes.Remove(process);
    }

    /// <summary>
    /// The heartbeat got no answer: every running process is lost, and the connections that carried
    /// commands and processes are retired (they may be hung), so whatever comes next starts afresh.
    /// </summary>
    internal void MarkUnresponsive(string reason)
    {
        foreach (var process in Processes.Where(p => p.State == RemoteProcessState.Running)) process.MarkLost(reason);
        Pool(ConnectionPurpose.Processes).RetireAll();
        Pool(ConnectionPurpose.Commands).RetireAll();
    }
}
