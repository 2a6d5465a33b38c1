using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Cluster;

public sealed partial class NodeShell
{
    /// <summary>
    /// Makes <paramref name="remoteDirectory"/> a copy of a local folder's contents (whatever was
    /// there is replaced) as one tar stream: GNU tar here, tar there, owners and modes kept by
    /// number, nothing staged on disk. The stream goes into <c>&lt;folder&gt;.partial</c>, renamed
    /// only when whole; a copy cut off or past its deadline (scaled to its bytes) is retried once,
    /// whole, on a fresh connection.
    /// </summary>
    public async Task UploadAsync(string localDirectory, string remoteDirectory, CancellationToken cancellation = default, Action<long>? progress = null)
    {
        if (!Directory.Exists(localDirectory)) throw new DirectoryNotFoundException($"Cannot upload {localDirectory} to {Target.Node}: it does not exist.");
        var bytes = LocalBytes(localDirectory);
        var partial = remoteDirectory + ".partial";
        var (q, p) = (ShellQuote.Quote(remoteDirectory), ShellQuote.Quote(partial));
        await OnceMoreOnAFreshConnectionAsync(async fresh =>
            {
                await StreamUpAsync(localDirectory, partial, Options.CopyTimeout(bytes), fresh, progress, cancellation);
                return true;
            },
            lost => new NodeUnreachableException($"Lost {Target} while copying {localDirectory} to {remoteDirectory}, twice: {lost.Message}", lost),
            late => new ProcessFailedException($"Copying {localDirectory} to {Target.Node}:{remoteDirectory} " +
                $"did not finish within {late.Timeout.TotalSeconds:0} s ({bytes} bytes), twice."),
            cancellation,
            before: () => RunAsync($"rm -rf {p} && mkdir -p {p}", TimeSpan.FromMinutes(1), cancellation, idempotent: true));
        // Idempotent: run twice, the second finds no partial folder and the copy in place.
        await RunAsync($"if [ -d {p} ]; then rm -rf {q} && mv {p} {q}; fi; test -d {q}", TimeSpan.FromMinutes(1), cancellation, idempotent: true);
    }

    /// <summary>
    /// Copies a remote folder's contents into <paramref name="localDirectory"/> (created; files of
    /// the same name are replaced) as one tar stream, then checks every file against the node's
    /// sizes and SHA-256; throws <see cref="CopyVerificationException"/> when the copy is not whole,
    /// so nothing on the node is removed on a bad copy's word. What workers wrote on a node is not
    /// trusted: <see cref="TarExtraction"/> lets only regular files and folders in, inside the
    /// folder, without set-id bits, and the report lists every entry refused or changed for the
    /// caller to say. With <paramref name="readAsUserId"/> the far side's tar reads as that user
    /// (the workers'), so a file they hard-linked in cannot carry what only root may read there.
    /// </summary>
    public async Task<TarExtractionReport> DownloadAsync(
        string remoteDirectory, string localDirectory, CancellationToken cancellation = default, int? readAsUserId = null)
    {
        var listing = await RunAsync(FolderDigest.Script(remoteDirectory), TimeSpan.FromMinutes(1), cancellation, check: false, idempotent: true);
        if (listing.ExitCode != 0)
            throw new ProcessFailedException($"Reading {remoteDirectory} on {Target.Node} failed (exit code {listing.ExitCode}): {listing.Tail(3)}");
        var digest = FolderDigest.Parse(listing.Output);
        Directory.CreateDirectory(localDirectory);
        return await OnceMoreOnAFreshConnectionAsync(async fresh =>
            {
                var report = await StreamDownAsync(remoteDirectory, localDirectory, Options.CopyTimeout(digest.Bytes), fresh, readAsUserId, cancellation);
                var mismatches = digest.Mismatches(localDirectory);
                if (mismatches.Count > 0)
                {
                    throw new CopyVerificationException($"The copy of {Target.Node}:{remoteDirectory} in {localDirectory} is not whole: " +
                        $"{string.Join("; ", mismatches.Take(5))}{(mismatches.Count > 5 ? $" and {mismatches.Count - 5} more" : "")}.");
                }
                return report;
            },
            lost => new NodeUnreachableException($"Lost {Target} while copying {remoteDirectory} back, twice: {lost.Message}", lost),
            late => new ProcessFailedException($"Copying {Target.Node}:{remoteDirectory} back " +
                $"did not finish within {late.Timeout.TotalSeconds:0} s ({digest.Bytes} bytes), twice."),
            cancellation);
    }

    /// <summary>
    /// A copy's one retry: cut off or past its deadline, it runs once more, whole, on a fresh
    /// connection (<c>fresh</c> true); a second loss or timeout is final, in the caller's words.
    /// <paramref name="before"/> runs ahead of each attempt, outside the retry (an upload's empty partial folder).
    /// </summary>
    private static async Task<T> OnceMoreOnAFreshConnectionAsync<T>(Func<bool, Task<T>> copy, Func<ConnectionLostException, Exception> lost,
        Func<CopyTimedOutException, Exception> late, CancellationToken cancellation, Func<Task>? before = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (before is not null) await before();
            try
            {
                return await copy(attempt > 0);
            }
            catch (Exception e) when (e is ConnectionLostException or CopyTimedOutException && attempt == 0 && !cancellation.IsCancellationRequested)
            {
            }
            catch (ConnectionLostException e)
            {
                throw lost(e);
            }
            catch (CopyTimedOutException e)
            {
                throw late(e);
            }
        }
    }

    private async Task StreamUpAsync(
        string localDirectory, string remoteDirectory, TimeSpan timeout, bool fresh, Action<long>? progress, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        using var lease = await LeaseAsync(ConnectionPurpose.Bulk, fresh, deadline.Token, cancellation);
        using var tar = TarProcess.Create(["-C", localDirectory, "--numeric-owner", "-cf", "-", "."], readsInput: false);
        using var ssh = lease.Client.CreateCommand(AsRoot($"tar -x --numeric-owner -f - -C {ShellQuote.Quote(remoteDirectory)}") + " 2>&1");
        try
        {
            var execution = ssh.ExecuteAsync(deadline.Token);
            var input = ssh.CreateInputStream();
            try
            {
                await TarProcess.CopyAsync(tar.Process.StandardOutput.BaseStream, input, progress, deadline.Token);
            }
            catch (Exception) when (execution.IsCompleted)
            {
                // The node's tar ended first (a full disk, say): its exit status below says why.
            }
            // EOF only while the channel is open: an EOF after the node closed it makes OpenSSH drop the whole connection.
            if (!execution.IsCompleted) await input.DisposeAsync();
            await execution;
            // tar has written its last byte but may not have exited yet: wait for it, never kill a finished tar.
            await tar.Process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            lease.Retire();
            throw new CopyTimedOutException(timeout);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            lease.Retire();
            throw new ConnectionLostException(e.Message, e);
        }
        if (tar.Process.ExitCode != 0)
            throw new ProcessFailedException($"tar could not read {localDirectory} (exit code {tar.Process.ExitCode}): {(await tar.Errors).Trim()}");
        if (ssh.ExitStatus is null)
        {
            lease.Retire();
            throw new ConnectionLostException("the copy's channel closed without an exit status");
        }
        if (ssh.ExitStatus != 0)
        {
            var hint = SudoHint(new ProcessResult(ssh.ExitStatus.Value, ssh.Result, TimeSpan.Zero));
            throw new ProcessFailedException(
                $"Unpacking into {remoteDirectory} on {Target.Node} failed (exit code {ssh.ExitStatus}){hint}: {ssh.Result.Trim()}");
        }
    }

    private async Task<TarExtractionReport> StreamDownAsync(
        string remoteDirectory, string localDirectory, TimeSpan timeout, bool fresh, int? readAsUserId, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        using var lease = await LeaseAsync(ConnectionPurpose.Bulk, fresh, deadline.Token, cancellation);
        var asUser = readAsUserId is { } id ? FormattableString.Invariant($"setpriv --reuid={id} --regid={id} --clear-groups -- ") : "";
        using var ssh = lease.Client.CreateCommand(AsRoot($"{asUser}tar -c -f - -C {ShellQuote.Quote(remoteDirectory)} ."));
        TarExtractionReport report;
        try
        {
            var execution = ssh.ExecuteAsync(deadline.Token);
            try
            {
                // Blocking reads on a thread of their own (SshStreamThread); the deadline cancels the
                // command, which closes the channel and ends the read.
                TarExtractionReport? unpacked = null;
                await SshStreamThread.Run(() => unpacked = TarExtraction.Extract(ssh.OutputStream, localDirectory));
                deadline.Token.ThrowIfCancellationRequested();
                report = unpacked!;
            }
            catch (InvalidDataException e)
            {
                // Not waited for: the far side may be blocked writing what is no longer read. The lease's retirement closes its connection.
                _ = execution.ContinueWith(t => t.Exception, TaskScheduler.Default);
                lease.Retire();
                throw new ProcessFailedException($"What {Target.Node} sent for {remoteDirectory} could not be unpacked: {e.Message}");
            }
            await execution;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            lease.Retire();
            throw new CopyTimedOutException(timeout);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            lease.Retire();
            throw new ConnectionLostException(e.Message, e);
        }
        if (ssh.ExitStatus is null)
        {
            lease.Retire();
            throw new ConnectionLostException("the copy's channel closed without an exit status");
        }
        // GNU tar's 1 is "some files differ": a file written while it was read (a worker still
        // running). The copy cannot be verified then, whatever the digest says: the same verdict as
        // a mismatch, so the folder stays for the same reason in the same words.
        if (ssh.ExitStatus == 1 && ssh.Error.Contains("changed as we read it", StringComparison.Ordinal))
        {
            throw new CopyVerificationException($"The copy of {Target.Node}:{remoteDirectory} in {localDirectory} is not whole: " +
                $"a file changed while it was read ({ssh.Error.Trim()}).");
        }
        if (ssh.ExitStatus != 0)
            throw new ProcessFailedException($"Reading {remoteDirectory} on {Target.Node} failed (exit code {ssh.ExitStatus}): {ssh.Error.Trim()}");
        return report;
    }

    private static long LocalBytes(string directory)
    {
        // Symlinks are skipped, not followed: the rootfs has absolute ones that point into the host here.
        var files = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(directory).EnumerateFiles("*", files).Sum(f => f.Length);
    }
}
