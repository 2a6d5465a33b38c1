using System.Diagnostics;
using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Everything the pipeline does on a node goes through here, for virtual nodes and real hosts
/// alike: commands, long-running processes, folders as tar streams, and the node's Docker
/// engine through a tunnel. One persistent SSH connection per node; a further one is opened only
/// while more than <see cref="ChannelsPerConnection"/> channels are busy at once, because OpenSSH
/// allows 10 sessions per connection by default (MaxSessions) and a real host's sshd is not ours
/// to change. Every command runs under <c>sh -c</c>, through <c>sudo -n</c> when the node says so.
/// </summary>
public sealed class NodeShell : IAsyncDisposable
{
    public const int ChannelsPerConnection = 8;

    private readonly List<Connection> _connections = [];
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly TimeSpan _connectTimeout;
    private bool _disposed;

    private NodeShell(SshTarget target, TimeSpan connectTimeout)
    {
        Target = target;
        _connectTimeout = connectTimeout;
    }

    public SshTarget Target { get; }

    /// <summary>
    /// Connects, retrying while the node refuses or does not answer (sshd still starting) until
    /// <paramref name="timeout"/>; a host key that is not trusted fails at once.
    /// </summary>
    public static async Task<NodeShell> ConnectAsync(SshTarget target, TimeSpan timeout, CancellationToken cancellation)
    {
        var shell = new NodeShell(target, TimeSpan.FromSeconds(Math.Min(15, timeout.TotalSeconds)));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                shell._connections.Add(await shell.OpenConnectionAsync(cancellation));
                return shell;
            }
            catch (Exception e) when (IsNotYetListening(e) && deadline.Elapsed < timeout)
            {
                await Task.Delay(100, cancellation);
            }
            catch (Exception e) when (IsNotYetListening(e))
            {
                throw new NodeUnreachableException($"{target} did not accept an SSH connection within {timeout.TotalSeconds:0} s ({e.Message}). " +
                    "Check that the host is up, that sshd listens on that port and that a firewall lets this machine reach it.");
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> (POSIX sh) on the node; stdout and stderr together are the
    /// output. A timeout stops the remote command and fails with its last output.
    /// </summary>
    public async Task<ProcessResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellation = default, bool check = true)
    {
        var clock = Stopwatch.StartNew();
        using var lease = await LeaseAsync(cancellation);
        using var ssh = lease.Client.CreateCommand(AsRoot(command) + " 2>&1");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await ssh.ExecuteAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new ProcessFailedException($"'{command}' on {Target.Node} did not finish within {timeout.TotalSeconds:0} s and was stopped. Last output:\n{new ProcessResult(0, ssh.Result, clock.Elapsed).Tail()}");
        }
        catch (SshException e)
        {
            throw new NodeUnreachableException($"Lost {Target} while running '{command}': {e.Message}");
        }
        var result = new ProcessResult(ssh.ExitStatus ?? -1, ssh.Result, clock.Elapsed);
        if (check && result.ExitCode != 0)
            throw new ProcessFailedException($"'{command}' on {Target.Node} exited with code {result.ExitCode}{SudoHint(result)}. Last output:\n{result.Tail()}");
        return result;
    }

    /// <summary>
    /// Starts a long-running command (a native worker) in its own session on the node; each line
    /// it prints (stdout and stderr) goes to <paramref name="onLine"/>. Returns once it runs.
    /// Cancelling <paramref name="cancellation"/> stops it and everything it started.
    /// </summary>
    public async Task<RemoteProcess> StartAsync(string command, Action<string> onLine, CancellationToken cancellation = default)
    {
        var lease = await LeaseAsync(cancellation);
        try
        {
            // setsid -w: the command leads a new process group (its pid is the group's id), so
            // stopping it reaches every process it started; -w passes its exit code back.
            var inner = $"echo \"{RemoteProcess.PidMarker}$$\"; exec sh -c {ShellQuote.Quote(command)}";
            var wrapped = (Target.Sudo ? "sudo -n " : "") + "setsid -w sh -c " + ShellQuote.Quote(inner) + " 2>&1";
            return await RemoteProcess.StartAsync(this, lease, wrapped, command, onLine, cancellation);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies a local folder's contents into <paramref name="remoteDirectory"/> (created) as one tar
    /// stream: GNU tar here, tar there, owners and modes kept by number, nothing staged on disk.
    /// </summary>
    public async Task UploadAsync(string localDirectory, string remoteDirectory, CancellationToken cancellation = default, Action<long>? progress = null)
    {
        if (!Directory.Exists(localDirectory)) throw new DirectoryNotFoundException($"Cannot upload {localDirectory} to {Target.Node}: it does not exist.");
        using var lease = await LeaseAsync(cancellation);
        var start = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", localDirectory, "--numeric-owner", "-cf", "-", "." }) start.ArgumentList.Add(argument);
        using var tar = Process.Start(start) ?? throw new ProcessFailedException("Could not start tar.");
        var tarErrors = tar.StandardError.ReadToEndAsync(CancellationToken.None);
        var remote = $"mkdir -p {ShellQuote.Quote(remoteDirectory)} && tar -x --numeric-owner -f - -C {ShellQuote.Quote(remoteDirectory)}";
        using var ssh = lease.Client.CreateCommand(AsRoot(remote) + " 2>&1");
        try
        {
            var execution = ssh.ExecuteAsync(cancellation);
            await using (var input = ssh.CreateInputStream())
                await CopyAsync(tar.StandardOutput.BaseStream, input, progress, cancellation);
            await execution;
            // tar has written its last byte but may not have exited yet: wait for it, never kill a
            // finished tar (that raced and failed an upload with exit code 137 now and then).
            await tar.WaitForExitAsync(cancellation);
        }
        catch (SshException e)
        {
            throw new NodeUnreachableException($"Lost {Target} while copying {localDirectory} to {remoteDirectory}: {e.Message}");
        }
        finally
        {
            if (!tar.HasExited) tar.Kill();
            await tar.WaitForExitAsync(CancellationToken.None);
        }
        if (tar.ExitCode != 0)
            throw new ProcessFailedException($"tar could not read {localDirectory} (exit code {tar.ExitCode}): {(await tarErrors).Trim()}");
        if (ssh.ExitStatus != 0)
            throw new ProcessFailedException($"Unpacking into {remoteDirectory} on {Target.Node} failed (exit code {ssh.ExitStatus}){SudoHint(new ProcessResult(ssh.ExitStatus ?? -1, ssh.Result, TimeSpan.Zero))}: {ssh.Result.Trim()}");
    }

    /// <summary>
    /// Copies a remote folder's contents into <paramref name="localDirectory"/> (created) as one tar
    /// stream, unpacked here by <see cref="TarExtraction"/>: what workers wrote on a node is not
    /// trusted, so only regular files and folders come back, inside the folder, without set-id bits.
    /// The report lists every entry refused or changed, for the caller to say. With
    /// <paramref name="readAsUserId"/> the far side's tar reads as that user (the workers'), so a
    /// file they hard-linked in cannot carry what only root may read there.
    /// </summary>
    public async Task<TarExtractionReport> DownloadAsync(string remoteDirectory, string localDirectory, CancellationToken cancellation = default, int? readAsUserId = null)
    {
        Directory.CreateDirectory(localDirectory);
        using var lease = await LeaseAsync(cancellation);
        var asUser = readAsUserId is { } id ? FormattableString.Invariant($"setpriv --reuid={id} --regid={id} --clear-groups -- ") : "";
        using var ssh = lease.Client.CreateCommand(AsRoot($"{asUser}tar -c -f - -C {ShellQuote.Quote(remoteDirectory)} ."));
        TarExtractionReport report;
        try
        {
            var execution = ssh.ExecuteAsync(cancellation);
            try
            {
                report = await TarExtraction.ExtractAsync(ssh.OutputStream, localDirectory, cancellation);
            }
            catch (InvalidDataException e)
            {
                // Not waited for: the far side may be blocked writing what is no longer read. Disposing the command closes its channel.
                _ = execution.ContinueWith(t => t.Exception, TaskScheduler.Default);
                throw new ProcessFailedException($"What {Target.Node} sent for {remoteDirectory} could not be unpacked: {e.Message}");
            }
            await execution;
        }
        catch (SshException e)
        {
            throw new NodeUnreachableException($"Lost {Target} while copying {remoteDirectory} back: {e.Message}");
        }
        if (ssh.ExitStatus != 0)
            throw new ProcessFailedException($"Reading {remoteDirectory} on {Target.Node} failed (exit code {ssh.ExitStatus}): {ssh.Error.Trim()}");
        return report;
    }

    /// <summary>
    /// The node's Docker engine, reached through this connection: a listener on a free loopback
    /// port here, each connection to it carried by its own SSH channel to the engine's Unix socket
    /// there. The engine is never exposed on the network. Closed with the shell.
    /// </summary>
    public Task<DockerEngine> OpenEngineAsync(string socket = "/var/run/docker.sock")
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tunnel = EngineTunnel.Start(this, socket);
        lock (_owned) _owned.Add(tunnel);
        return Task.FromResult(new DockerEngine(tunnel.Endpoint));
    }

    /// <summary>The command as root's work: under sh -c, and through sudo -n when the node needs it.</summary>
    internal string AsRoot(string command) => (Target.Sudo ? "sudo -n " : "") + "sh -c " + ShellQuote.Quote(command);

    internal async Task<ChannelLease> LeaseAsync(CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_connections)
        {
            _connections.RemoveAll(c => !c.Client.IsConnected && c.Channels == 0 && c.DisposeIdle());
            var free = _connections.FirstOrDefault(c => c.Client.IsConnected && c.Channels < ChannelsPerConnection);
            if (free is not null) return free.Lease();
        }
        await _connecting.WaitAsync(cancellation);
        try
        {
            lock (_connections)
            {
                var free = _connections.FirstOrDefault(c => c.Client.IsConnected && c.Channels < ChannelsPerConnection);
                if (free is not null) return free.Lease();
            }
            var connection = await OpenConnectionAsync(cancellation);
            lock (_connections)
            {
                _connections.Add(connection);
                return connection.Lease();
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task<Connection> OpenConnectionAsync(CancellationToken cancellation)
    {
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(Target.KeyFile);
        }
        catch (Exception e) when (e is SshException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new NodeUnreachableException($"Cannot use the key {Target.KeyFile} for {Target}: {e.Message}. It must be an unencrypted OpenSSH private key (ssh-keygen -t ed25519 -N '').");
        }
        var info = new ConnectionInfo(Target.Address, Target.Port, Target.User, new PrivateKeyAuthenticationMethod(Target.User, key)) { Timeout = _connectTimeout };
        PreferAesGcm(info);
        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
        string? refusal = null;
        client.HostKeyReceived += (_, e) => e.CanTrust = (refusal = HostKeyRefusal(e)) is null;
        try
        {
            await client.ConnectAsync(cancellation);
            return new Connection(client);
        }
        catch (Exception e) when (refusal is not null)
        {
            client.Dispose();
            throw new HostKeyRejectedException(refusal, e);
        }
        catch (SshAuthenticationException e)
        {
            client.Dispose();
            throw new NodeUnreachableException($"{Target} refused the key {Target.KeyFile} ({e.Message}). Authorise its public key there: ssh-copy-id -i {Target.KeyFile} -p {Target.Port} {Target.User}@{Target.Address}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>AES-GCM first: about 2.5 times the throughput of aes-ctr here (360 vs 160 MB/s up), which a 600 MB copy feels.</summary>
    private static void PreferAesGcm(ConnectionInfo info)
    {
        var all = info.Encryptions.ToList();
        info.Encryptions.Clear();
        foreach (var (name, cipher) in all.OrderBy(e => e.Key.Contains("gcm", StringComparison.Ordinal) ? 0 : 1))
            info.Encryptions.Add(name, cipher);
    }

    private string? HostKeyRefusal(HostKeyEventArgs e)
    {
        var fingerprint = $"{e.HostKeyName} SHA256:{e.FingerPrintSHA256}";
        switch (Target.HostKey)
        {
            case HostKeyCheck.Pinned pinned:
                var expected = PublicKeyBlob(pinned.PublicKeyFile);
                return expected.AsSpan().SequenceEqual(e.HostKey) ? null
                    : $"{Target} presented the host key {fingerprint}, not the one the pipeline installed ({pinned.PublicKeyFile}). " +
                      "Something else answers at that address, or the node was made with other keys: remove the virtual nodes (./build.sh Teardown) and let them be made again.";
            case HostKeyCheck.KnownHosts known:
                var verdict = KnownHostsFile.Check(known.Files, Target.Address, Target.Port, e.HostKeyName, e.HostKey);
                var line = KnownHostsFile.Line(Target.Address, Target.Port, e.HostKeyName, e.HostKey);
                var where = string.Join(" or ", known.Files);
                return verdict switch
                {
                    KnownHostVerdict.Known => null,
                    KnownHostVerdict.Unknown =>
                        $"The SSH host key of {Target} ({fingerprint}) is not in {where}, and the pipeline does not trust a host it was not told about. " +
                        $"Compare it with the host's own (run there: ssh-keygen -lf /etc/ssh/ssh_host_{e.HostKeyName.Replace("ssh-", "", StringComparison.Ordinal)}_key.pub), then add it: " +
                        $"ssh-keyscan -p {Target.Port} {Target.Address} >> {AddTo(known)}. The line to add is:\n{line}",
                    KnownHostVerdict.Changed =>
                        $"The SSH host key of {Target} ({fingerprint}) differs from the one in {where}. The host may have been reinstalled, or something else answers there. " +
                        $"If you know why, remove the old entry (ssh-keygen -R {(Target.Port == 22 ? Target.Address : $"'[{Target.Address}]:{Target.Port}'")}{(IsUsers(known) ? "" : " -f " + ShellQuote.Quote(known.Files[0]))}) and add the new one.",
                    _ => $"The SSH host key of {Target} ({fingerprint}) is marked @revoked in {where}: refusing it.",
                };
            default:
                return "no host key check configured";
        }
    }

    /// <summary>Where a checked key goes: the cluster's own known_hosts file when it has one, else the user's (where ssh puts it too).</summary>
    private string AddTo(HostKeyCheck.KnownHosts known) =>
        IsUsers(known)
            ? $"~/.ssh/known_hosts (or log in once with ssh -p {Target.Port} {Target.User}@{Target.Address})"
            : ShellQuote.Quote(known.Files[0]);

    private static bool IsUsers(HostKeyCheck.KnownHosts known) => known.Files[0] == HostKeyCheck.KnownHosts.OfThisUser().Files[0];

    /// <summary>The key blob of an OpenSSH public key line ("ssh-ed25519 AAAA... comment").</summary>
    internal static byte[] PublicKeyBlob(string publicKeyFile) =>
        Convert.FromBase64String(File.ReadAllText(publicKeyFile).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private string SudoHint(ProcessResult result) =>
        Target.Sudo && result.Output.Contains("sudo:", StringComparison.Ordinal) && result.Output.Contains("password", StringComparison.Ordinal)
            ? $" (sudo asked for a password: give {Target.User} password-less sudo on {Target.Address}, e.g. a line '{Target.User} ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/testbed)"
            : "";

    private static bool IsNotYetListening(Exception e) =>
        // Refused, timed out, or closed during the key exchange: sshd is not (yet) there. A refused
        // key or host key is another exception and fails at once.
        e is SocketException or SshOperationTimeoutException or SshConnectionException || e.InnerException is SocketException;

    private static async Task CopyAsync(Stream from, Stream to, Action<long>? progress, CancellationToken cancellation)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellation)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellation);
            total += read;
            progress?.Invoke(total);
        }
        await to.FlushAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        List<IAsyncDisposable> owned;
        lock (_owned) owned = [.. _owned];
        foreach (var item in owned) await item.DisposeAsync();
        lock (_connections)
        {
            foreach (var connection in _connections) connection.Client.Dispose();
            _connections.Clear();
        }
        _connecting.Dispose();
    }

    private sealed class Connection(SshClient client)
    {
        public SshClient Client { get; } = client;
        public int Channels;

        public ChannelLease Lease()
        {
            Interlocked.Increment(ref Channels);
            return new ChannelLease(Client, () => Interlocked.Decrement(ref Channels));
        }

        public bool DisposeIdle()
        {
            Client.Dispose();
            return true;
        }
    }
}

/// <summary>One SSH channel's claim on a connection; disposing gives the slot back.</summary>
internal sealed class ChannelLease(SshClient client, Action release) : IDisposable
{
    private int _released;

    public SshClient Client { get; } = client;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) release();
    }
}

/// <summary>A node could not be reached or logged into; the message says what to check.</summary>
public sealed class NodeUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A node's SSH host key is not trusted; the message says how to check and add it.</summary>
public sealed class HostKeyRejectedException(string message, Exception? inner = null) : Exception(message, inner);
