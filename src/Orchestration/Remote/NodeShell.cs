using System.Diagnostics;
using System.Globalization;
using Renci.SshNet.Common;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Everything the pipeline does on a node goes through here, for virtual nodes and real hosts
/// alike: commands, long-running processes, folders as tar streams, and the node's Docker
/// engine through a tunnel. Connections by purpose (<see cref="ConnectionPurpose"/>), so one
/// that dies takes only its own kind of work with it; every operation with a deadline
/// (<see cref="NodeShellOptions"/>); every command and process as root in a process group of its
/// own, so a timed-out command is killed on the node, not only abandoned here (see
/// <see cref="NodeProcessScript"/>). While processes run, a heartbeat checks that the node
/// answers; when it does not, its processes are marked lost, never taken for exited.
/// </summary>
public sealed partial class NodeShell : IAsyncDisposable
{
    private readonly SshConnector _connector;
    private readonly Dictionary<ConnectionPurpose, ConnectionPool> _pools;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<RemoteProcess> _processes = [];
    private readonly NodeHeartbeat _heartbeat;
    private int _counter;
    private bool _disposed;

    private NodeShell(SshTarget target, NodeShellOptions options)
    {
        Target = target;
        Options = options;
        _connector = new SshConnector(target, options.ConnectTimeout);
        _pools = Enum.GetValues<ConnectionPurpose>().ToDictionary(p => p, p => new ConnectionPool(_connector, p, options.ChannelsPerConnection));
        _heartbeat = new NodeHeartbeat(this);
    }

    public SshTarget Target { get; }

    public NodeShellOptions Options { get; }

    /// <summary>This shell's mark in the tags of what it starts (<see cref="NodeProcessScript.TagVariable"/>), so a sweep passes over them.</summary>
    public string Session { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>
    /// Connects, retrying while the node refuses or does not answer (sshd still starting) until
    /// <paramref name="timeout"/>; a host key that is not trusted or a refused key fails at once.
    /// </summary>
    public static async Task<NodeShell> ConnectAsync(SshTarget target, TimeSpan timeout, CancellationToken cancellation, NodeShellOptions? options = null)
    {
        options ??= NodeShellOptions.Default;
        var connectTimeout = TimeSpan.FromSeconds(Math.Min(options.ConnectTimeout.TotalSeconds, Math.Max(1, timeout.TotalSeconds)));
        var shell = new NodeShell(target, options with { ConnectTimeout = connectTimeout });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var lease = await shell.Pool(ConnectionPurpose.Commands).LeaseAsync(fresh: false, cancellation);
                return shell;
            }
            catch (Exception e) when (SshConnector.IsNotYetListening(e) && deadline.Elapsed < timeout)
            {
                await Task.Delay(100, cancellation);
            }
            catch (Exception e) when (SshConnector.IsNotYetListening(e))
            {
                await shell.DisposeAsync();
                throw new NodeUnreachableException($"{target} did not accept an SSH connection within {timeout.TotalSeconds:0} s ({e.Message}). " +
                    "Check that the host is up, that sshd listens on that port and that a firewall lets this machine reach it.");
            }
            catch
            {
                await shell.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> (POSIX sh) on the node; stdout and stderr together are the
    /// output. A timeout kills its whole process group on the node (as root) and fails with its last
    /// output. A lost connection fails with <see cref="NodeUnreachableException"/>, after one retry on a
    /// fresh connection when <paramref name="idempotent"/> (mkdir -p, chmod, rm -rf, kill, test: safe twice).
    /// </summary>
    public async Task<ProcessResult> RunAsync(
        string command, TimeSpan timeout, CancellationToken cancellation = default, bool check = true, bool idempotent = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await RunOnceAsync(command, timeout, fresh: attempt > 0, killOnTimeout: true, cancellation);
                if (check && result.ExitCode != 0)
                {
                    throw new ProcessFailedException(
                        $"'{command}' on {Target.Node} exited with code {result.ExitCode}{SudoHint(result)}. Last output:\n{result.Tail()}");
                }
                return result;
            }
            catch (ConnectionLostException) when (idempotent && attempt == 0 && !cancellation.IsCancellationRequested)
            {
                // Once more on a fresh connection: the command is safe to run twice.
            }
            catch (ConnectionLostException e)
            {
                throw new NodeUnreachableException($"Lost {Target} while running '{command}': {e.Message}", e);
            }
        }
    }

    private async Task<ProcessResult> RunOnceAsync(string command, TimeSpan timeout, bool fresh, bool killOnTimeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        using var lease = await LeaseAsync(ConnectionPurpose.Commands, fresh, deadline.Token, cancellation);
        var tag = NewTag();
        using var ssh = lease.Client.CreateCommand(NodeProcessScript.Wrap(command, tag, Target.Sudo));
        CommandOutput? output = null;
        try
        {
            var execution = ssh.ExecuteAsync(deadline.Token);
            output = CommandOutput.Read(ssh.OutputStream);
            await execution;
            await output.Completed.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            lease.Retire();
            var stopped = killOnTimeout ? await KillAsync(output?.KnownProcessGroup, tag) : "abandoned";
            cancellation.ThrowIfCancellationRequested();
            var tail = new ProcessResult(0, output?.Text ?? "", clock.Elapsed).Tail();
            throw new ProcessFailedException(
                $"'{command}' on {Target.Node} did not finish within {timeout.TotalSeconds:0} s and was {stopped}. Last output:\n{tail}");
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            lease.Retire();
            throw new ConnectionLostException(e.Message, e);
        }
        catch (TimeoutException)
        {
            // The command ended but its output did not: the channel is stuck.
            lease.Retire();
            throw new ConnectionLostException("the command ended but its output never did");
        }
        var code = ssh.ExitStatus ?? (ssh.ExitSignal is { } signal ? NodeProcessScript.ExitCodeOf(signal) : null);
        if (code is null)
        {
            lease.Retire();
            throw new ConnectionLostException("the channel closed without an exit status");
        }
        return new ProcessResult(code.Value, output.Text, clock.Elapsed);
    }

    /// <summary>
    /// Kills a process group and everything tagged <paramref name="tag"/> as root, on a fresh
    /// connection (the one that timed out may be hung), trying again while the node does not answer,
    /// up to <paramref name="window"/>; says how it went, never throws.
    /// </summary>
    internal const string Killed = "killed on the node";

    internal async Task<string> KillAsync(int? processGroup, string tag, TimeSpan? window = null)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (true)
        {
            try
            {
                var result = await RunOnceAsync(
                    NodeProcessScript.KillAndConfirm(processGroup, tag), TimeSpan.FromSeconds(15), fresh: true, killOnTimeout: false, CancellationToken.None);
                if (result.Output.TrimEnd().EndsWith("gone", StringComparison.Ordinal)) return Killed;
                last = "it was still there after SIGKILL";
            }
            catch (Exception e) when (e is ConnectionLostException or ProcessFailedException or NodeUnreachableException or HostKeyRejectedException)
            {
                last = e.Message.Split('\n')[0];
            }
            catch (ObjectDisposedException)
            {
                return "not confirmed killed: the shell was closed; the next run's sweep removes it";
            }
            if (clock.Elapsed >= (window ?? TimeSpan.Zero))
                return $"not confirmed killed ({last}); the next run's sweep removes it";
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>A channel of <paramref name="purpose"/>; a failure to connect counts as a lost connection, running out of time as a timeout.</summary>
    internal async Task<ChannelLease> LeaseAsync(ConnectionPurpose purpose, bool fresh, CancellationToken deadline, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await Pool(purpose).LeaseAsync(fresh, deadline);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new ConnectionLostException($"no {purpose.ToString().ToLowerInvariant()} connection to {Target} within the deadline");
        }
        catch (Exception e) when (SshConnector.IsNotYetListening(e) || e is SshException or ObjectDisposedException)
        {
            throw new ConnectionLostException($"could not connect to {Target}: {e.Message}", e);
        }
    }

    internal ConnectionPool Pool(ConnectionPurpose purpose) => _pools[purpose];

    internal string NewTag() => $"{Session}.{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The command as root's work: under sh -c, and through sudo -n when the node needs it.</summary>
    internal string AsRoot(string command) => (Target.Sudo ? "sudo -n " : "") + "sh -c " + ShellQuote.Quote(command);

    internal static bool IsConnectionFailure(Exception e) => e is SshException or ObjectDisposedException or IOException or System.Net.Sockets.SocketException;

    /// <summary>The key blob of an OpenSSH public key line ("ssh-ed25519 AAAA... comment"): what identifies the key, e.g. in a virtual node's recipe.</summary>
    public static byte[] PublicKeyBlob(string publicKeyFile) => SshConnector.PublicKeyBlob(publicKeyFile);

    private string SudoHint(ProcessResult result) =>
        Target.Sudo && result.Output.Contains("sudo:", StringComparison.Ordinal) && result.Output.Contains("password", StringComparison.Ordinal)
            ? $" (sudo asked for a password: give {Target.User} password-less sudo on {Target.Address}, " +
              $"e.g. a line '{Target.User} ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/testbed)"
            : "";

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        List<IAsyncDisposable> owned;
        lock (_owned) owned = [.. _owned];
        foreach (var item in owned) await item.DisposeAsync();
        List<RemoteProcess> processes;
        lock (_processes) processes = [.. _processes];
        foreach (var process in processes) await process.DisposeAsync();
        await _heartbeat.DisposeAsync();
        _disposed = true;
        foreach (var pool in _pools.Values) pool.Dispose();
    }
}
