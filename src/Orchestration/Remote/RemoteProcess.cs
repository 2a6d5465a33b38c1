using System.Diagnostics;
using System.Globalization;
using Renci.SshNet;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// A long-running command on a node (a native worker, a sampler, a watch loop), started by
/// <see cref="NodeShell.StartAsync"/>. It leads its own process group there, so
/// <see cref="StopAsync"/> reaches everything it started. A dropped connection or a node that stopped
/// answering makes it <see cref="RemoteProcessState.Lost"/>, never "exited": it may still run, so
/// stopping a lost process reconnects and kills its group (and everything carrying its tag) before
/// it counts as stopped.
/// </summary>
public sealed class RemoteProcess : IAsyncDisposable
{
    private readonly NodeShell _shell;
    private readonly ChannelLease _lease;
    private readonly SshCommand _command;
    private readonly TaskCompletionSource<RemoteExit> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _stopping = new(1, 1);
    private CancellationTokenRegistration _onCancel;
    private string? _stopProblem;
    private bool _stopped;
    private bool _disposed;

    private RemoteProcess(NodeShell shell, ChannelLease lease, SshCommand command, string description, string tag)
    {
        _shell = shell;
        _lease = lease;
        _command = command;
        Description = description;
        Tag = tag;
    }

    /// <summary>The command as given.</summary>
    public string Description { get; }

    /// <summary>The value of its <see cref="NodeProcessScript.TagVariable"/> on the node.</summary>
    public string Tag { get; }

    /// <summary>The process id on the node, which is also its process group's id.</summary>
    public int ProcessGroup { get; private set; }

    /// <summary>Completes when it exits (with its code) or is lost (with why); a stop ends it too.</summary>
    public Task<RemoteExit> Ended => _end.Task;

    public RemoteProcessState State =>
        !_end.Task.IsCompleted ? RemoteProcessState.Running
        : _end.Task.Result.IsLost ? RemoteProcessState.Lost
        : RemoteProcessState.Exited;

    internal static async Task<RemoteProcess> StartAsync(NodeShell shell, string command, Action<string> onLine, CancellationToken cancellation)
    {
        ChannelLease lease;
        try
        {
            // Connecting has a deadline of its own; the start's counts from when the command was sent.
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            connecting.CancelAfter(shell.Options.ConnectTimeout + TimeSpan.FromSeconds(5));
            lease = await shell.LeaseAsync(ConnectionPurpose.Processes, fresh: false, connecting.Token, cancellation);
        }
        catch (ConnectionLostException e)
        {
            // Nothing was sent: nothing can have started.
            throw new NodeUnreachableException($"Could not start '{command}' on {shell.Target}: {e.Message}", e);
        }
        var tag = shell.NewTag();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(shell.Options.StartTimeout);
        var ssh = lease.Client.CreateCommand(NodeProcessScript.Wrap(command, tag, shell.Target.Sudo));
        var process = new RemoteProcess(shell, lease, ssh, command, tag);
        CommandOutput? output = null;
        var sent = Stopwatch.StartNew();
        try
        {
            var execution = ssh.ExecuteAsync(CancellationToken.None);
            output = CommandOutput.Read(ssh.OutputStream, onLine);
            _ = process.WatchAsync(execution, output);
            var group = await output.ProcessGroup.WaitAsync(deadline.Token);
            // The deadline's timer fires on the thread pool, which a busy 2-core machine can keep waiting
            // past a group that arrived late: the clock decides, so a late start is always given up.
            if (sent.Elapsed > shell.Options.StartTimeout)
                throw new TimeoutException($"it reported its process group after {sent.Elapsed.TotalMilliseconds:0} ms");
            if (group is { } pid)
            {
                process.ProcessGroup = pid;
                shell.Register(process);
                process._onCancel = cancellation.Register(() => _ = process.StopAsync(TimeSpan.FromSeconds(5)));
                return process;
            }
            // Its output ended before the group's id: the wrapper itself failed (sudo refused, say) or the channel died.
            await ((Task)process.Ended).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var end = process.Ended.IsCompleted ? process.Ended.Result : null;
            var stopped = end is { IsLost: false } ? null : await shell.KillAsync(null, tag, shell.Options.LostProcessKillWindow);
            await process.CloseChannelAsync();
            throw new ProcessFailedException(stopped is null
                ? $"'{command}' on {shell.Target.Node} ended before it started (exit code {end!.ExitCode}); its output went to the line handler."
                : $"'{command}' on {shell.Target.Node} did not start ({end?.LostReason ?? "no exit reported"}); it was {stopped}.");
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException || NodeShell.IsConnectionFailure(e))
        {
            // A start that fails leaves nothing running: whatever began under this tag is killed (as root, on a fresh connection).
            var stopped = await shell.KillAsync(output?.KnownProcessGroup, tag, shell.Options.LostProcessKillWindow);
            process._end.TrySetResult(new RemoteExit(null, "its start failed"));
            await process.CloseChannelAsync();
            cancellation.ThrowIfCancellationRequested();
            throw new ProcessFailedException(
                $"'{command}' on {shell.Target.Node} did not start within {shell.Options.StartTimeout.TotalSeconds:0} s ({e.Message}); it was {stopped}.");
        }
    }

    private async Task WatchAsync(Task execution, CommandOutput output)
    {
        try
        {
            await execution;
            await output.Completed.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (Exception e) when (NodeShell.IsConnectionFailure(e) || e is OperationCanceledException or TimeoutException)
        {
            MarkLost($"the connection to {_shell.Target.Node} was lost ({e.Message})");
            return;
        }
        var code = _command.ExitStatus ?? (_command.ExitSignal is { } signal ? NodeProcessScript.ExitCodeOf(signal) : null);
        if (code is { } exit) _end.TrySetResult(new RemoteExit(exit, null));
        else MarkLost($"its channel to {_shell.Target.Node} closed without an exit status");
    }

    /// <summary>Marks it lost (its node stopped answering, or its connection died); a process that already ended stays as it ended.</summary>
    internal void MarkLost(string reason)
    {
        if (_end.TrySetResult(new RemoteExit(null, reason))) _lease.Retire();
    }

    /// <summary>
    /// Stops it: a running process gets SIGTERM to its whole group, SIGKILL after
    /// <paramref name="grace"/>; a lost one is killed (group and tag) from a fresh connection, tried
    /// again while its node stays unreachable, up to the shell's LostProcessKillWindow. Returns null
    /// once it is known to be gone, else why that could not be confirmed. Never throws.
    /// </summary>
    public async Task<string?> StopAsync(TimeSpan grace)
    {
        await _stopping.WaitAsync();
        try
        {
            if (_stopped) return _stopProblem;
            _stopProblem = await StopOnceAsync(grace);
            _stopped = true;
            return _stopProblem;
        }
        finally
        {
            _stopping.Release();
        }
    }

    private async Task<string?> StopOnceAsync(TimeSpan grace)
    {
        var group = ProcessGroup.ToString(CultureInfo.InvariantCulture);
        if (State == RemoteProcessState.Running)
        {
            try
            {
                // procps' kill through env: dash's builtin takes neither -- nor a negative pid.
                await _shell.RunAsync($"env kill -TERM -- -{group} 2>/dev/null; true",
                    TimeSpan.FromSeconds(15), CancellationToken.None, check: false, idempotent: true);
                if (await Task.WhenAny(Ended, Task.Delay(grace)) != Ended)
                {
                    await _shell.RunAsync($"env kill -KILL -- -{group} 2>/dev/null; true",
                        TimeSpan.FromSeconds(15), CancellationToken.None, check: false, idempotent: true);
                    await Task.WhenAny(Ended, Task.Delay(TimeSpan.FromSeconds(10)));
                }
            }
            catch (Exception e) when (e is NodeUnreachableException or ProcessFailedException or ObjectDisposedException)
            {
                MarkLost($"stopping it failed: {e.Message.Split('\n')[0]}");
            }
            // Still "running" after SIGKILL: its channel is hung, so it is as good as lost.
            if (State == RemoteProcessState.Running) MarkLost($"no exit reported by {_shell.Target.Node} after SIGKILL");
        }
        return State == RemoteProcessState.Lost ? await KillLostAsync() : null;
    }

    /// <summary>Reconnects until the group and every process tagged like it are gone, within the kill window.</summary>
    private async Task<string?> KillLostAsync()
    {
        var outcome = await _shell.KillAsync(ProcessGroup, Tag, _shell.Options.LostProcessKillWindow);
        return outcome == NodeShell.Killed ? null : $"process group {ProcessGroup} ({Description.Split('\n')[0]}) on {_shell.Target.Node}: {outcome}";
    }

    /// <summary>Closes its channel (never an EOF after the server closed it) and gives the connection slot back.</summary>
    private async Task CloseChannelAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Task.Run(_command.Dispose).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _lease.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _onCancel.DisposeAsync();
        await StopAsync(TimeSpan.FromSeconds(5));
        await CloseChannelAsync();
        _shell.Unregister(this);
    }
}
