using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Notices a node that stopped answering within seconds, while it runs processes for the pipeline.
/// A frozen host (or a cut that drops packets silently) still acknowledges TCP, so keep-alives
/// never notice; a command round trip does. One long-running <c>while read; echo</c> loop on the
/// processes' connection (shell builtins only: no fork on the node per beat); every interval a line
/// goes down and must come back within the liveness timeout. When it does not, the node's running
/// processes are marked lost (<see cref="NodeShell.MarkUnresponsive"/>).
/// </summary>
internal sealed class NodeHeartbeat(NodeShell shell) : IAsyncDisposable
{
    private const string EchoLoop = "while read -r x; do echo \"$x\"; done";

    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task _loop = Task.CompletedTask;
    private bool _running;

    /// <summary>Set when the last beat failed: why (for tests and messages).</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Starts the heartbeat unless it runs (a process was just registered).</summary>
    public void EnsureRunning()
    {
        lock (_gate)
        {
            if (_running || _stop.IsCancellationRequested) return;
            _running = true;
            _loop = Task.Run(LoopAsync);
        }
    }

    private bool Needed => shell.Processes.Any(p => p.State == RemoteProcessState.Running);

    private async Task LoopAsync()
    {
        while (true)
        {
            while (!_stop.IsCancellationRequested && Needed)
            {
                var failure = await BeatAsync(_stop.Token);
                if (failure is null || _stop.IsCancellationRequested) continue;
                LastFailure = failure;
                shell.MarkUnresponsive(failure);
            }
            // Decided under the lock EnsureRunning takes: a process registered meanwhile is never left without a heartbeat.
            lock (_gate)
            {
                if (_stop.IsCancellationRequested || !Needed)
                {
                    _running = false;
                    return;
                }
            }
        }
    }

    /// <summary>Runs one echo loop until it is no longer needed (null) or the node fails to answer (why).</summary>
    private async Task<string?> BeatAsync(CancellationToken stop)
    {
        var options = shell.Options;
        var node = shell.Target.Node;
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        connecting.CancelAfter(options.LivenessTimeout + options.ConnectTimeout);
        ChannelLease lease;
        try
        {
            lease = await shell.LeaseAsync(ConnectionPurpose.Processes, fresh: false, connecting.Token, stop);
        }
        catch (Exception e) when (e is ConnectionLostException or OperationCanceledException)
        {
            return stop.IsCancellationRequested ? null : $"{node} could not be reached for the heartbeat ({e.Message})";
        }
        using (lease)
        {
            var echoed = System.Threading.Channels.Channel.CreateUnbounded<string>();
            using var ssh = lease.Client.CreateCommand(NodeProcessScript.Wrap(EchoLoop, shell.NewTag(), shell.Target.Sudo));
            Task execution;
            Stream input;
            try
            {
                execution = ssh.ExecuteAsync(CancellationToken.None);
                input = ssh.CreateInputStream();
            }
            catch (Exception e) when (NodeShell.IsConnectionFailure(e) || e is InvalidOperationException)
            {
                lease.Retire();
                return $"{node}'s heartbeat could not start ({e.Message})";
            }
            CommandOutput.Read(ssh.OutputStream, line => echoed.Writer.TryWrite(line));
            var failure = await BeatUntilAsync(input, execution, echoed, stop);
            if (failure is not null) lease.Retire();
            // In order: EOF while the channel is open ends the loop, then the channel closes from the node's side.
            if (!execution.IsCompleted)
            {
                try
                {
                    await input.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2));
                }
                catch (Exception e) when (NodeShell.IsConnectionFailure(e) || e is TimeoutException or InvalidOperationException)
                {
                }
            }
            await execution.WaitAsync(TimeSpan.FromSeconds(failure is null ? 5 : 1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return failure;
        }
    }

    private async Task<string?> BeatUntilAsync(Stream input, Task execution, System.Threading.Channels.Channel<string> echoed, CancellationToken stop)
    {
        var options = shell.Options;
        for (var beat = 1; !stop.IsCancellationRequested && Needed; beat++)
        {
            var word = beat.ToString(CultureInfo.InvariantCulture);
            var clock = Stopwatch.StartNew();
            try
            {
                await input.WriteAsync(Encoding.ASCII.GetBytes(word + "\n"), stop);
                await input.FlushAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception e) when (NodeShell.IsConnectionFailure(e) || e is InvalidOperationException)
            {
                return $"{shell.Target.Node}'s heartbeat connection was lost ({e.Message})";
            }
            while (true)
            {
                var left = options.LivenessTimeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || execution.IsCompleted)
                {
                    return execution.IsCompleted
                        ? $"{shell.Target.Node}'s heartbeat channel closed"
                        : $"{shell.Target.Node} did not answer a command round trip within {options.LivenessTimeout.TotalSeconds:0} s";
                }
                string line;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    wait.CancelAfter(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
                    try
                    {
                        line = await echoed.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        continue;
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }
                }
                if (line == word) break;
            }
            try
            {
                await Task.Delay(options.HeartbeatInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
