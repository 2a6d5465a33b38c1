using Renci.SshNet;
using Renci.SshNet.Common;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// A long-running command on a node (a native worker), started by <see cref="NodeShell.StartAsync"/>.
/// It leads its own process group there, so <see cref="StopAsync"/> reaches everything it started.
/// </summary>
public sealed class RemoteProcess : IAsyncDisposable
{
    internal const string PidMarker = "testbed-pid ";

    private readonly NodeShell _shell;
    private readonly ChannelLease _lease;
    private readonly SshCommand _command;
    private readonly CancellationTokenRegistration _onCancel;

    private RemoteProcess(NodeShell shell, ChannelLease lease, SshCommand command, string description, int processGroup, Task<int> exited, CancellationToken cancellation)
    {
        _shell = shell;
        _lease = lease;
        _command = command;
        Description = description;
        ProcessGroup = processGroup;
        Exited = exited;
        _onCancel = cancellation.Register(() => _ = StopAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>The command as given.</summary>
    public string Description { get; }

    /// <summary>The process id on the node, which is also its process group's id.</summary>
    public int ProcessGroup { get; }

    /// <summary>Completes with the command's exit code when it ends (also when stopped or when the node is lost: then -1).</summary>
    public Task<int> Exited { get; }

    internal static async Task<RemoteProcess> StartAsync(NodeShell shell, ChannelLease lease, string wrapped, string description, Action<string> onLine, CancellationToken cancellation)
    {
        var command = lease.Client.CreateCommand(wrapped);
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var execution = command.ExecuteAsync(CancellationToken.None);
        var reading = Task.Run(async () =>
        {
            using var reader = new StreamReader(command.OutputStream);
            string? line;
            while ((line = await reader.ReadLineAsync(CancellationToken.None)) is not null)
            {
                if (!started.Task.IsCompleted && line.StartsWith(PidMarker, StringComparison.Ordinal) && int.TryParse(line[PidMarker.Length..], out var pid))
                    started.TrySetResult(pid);
                else onLine(line);
            }
        }, CancellationToken.None);
        var exited = WaitForExitAsync(command, execution, reading, started);

        var first = await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(30), cancellation));
        if (first != started.Task)
        {
            command.Dispose();
            lease.Dispose();
            cancellation.ThrowIfCancellationRequested();
            throw new Processes.ProcessFailedException(first == exited
                ? $"'{description}' on {shell.Target.Node} ended before it started (exit code {await exited}); its output went to the line handler."
                : $"'{description}' on {shell.Target.Node} did not start within 30 s.");
        }
        return new RemoteProcess(shell, lease, command, description, await started.Task, exited, cancellation);
    }

    private static async Task<int> WaitForExitAsync(SshCommand command, Task execution, Task reading, TaskCompletionSource<int> started)
    {
        try
        {
            await execution;
            await reading;
            return command.ExitStatus ?? -1;
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            return -1;
        }
        finally
        {
            started.TrySetCanceled();
        }
    }

    /// <summary>
    /// SIGTERM to the whole process group, SIGKILL after <paramref name="grace"/>; returns once it
    /// has ended. procps' kill (through env): dash's builtin takes neither -- nor a negative pid.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted) return;
        var group = ProcessGroup.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await _shell.RunAsync($"env kill -TERM -- -{group} 2>/dev/null || true", TimeSpan.FromSeconds(15), CancellationToken.None, check: false);
            if (await Task.WhenAny(Exited, Task.Delay(grace)) == Exited) return;
            await _shell.RunAsync($"env kill -KILL -- -{group} 2>/dev/null || true", TimeSpan.FromSeconds(15), CancellationToken.None, check: false);
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(10)));
        }
        catch (Exception e) when (e is NodeUnreachableException or ObjectDisposedException or Processes.ProcessFailedException)
        {
            // The node is gone: so is the process, or there is nothing left to reach it with.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _onCancel.DisposeAsync();
        await StopAsync(TimeSpan.FromSeconds(5));
        _command.Dispose();
        _lease.Dispose();
    }
}
