using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Rootfs;

/// <summary>
/// Runs host processes on the runtime rootfs through chroot. The cached rootfs is never written:
/// the session works on an overlay (upper layer in its own folder), with /proc, /dev, /sys and
/// the requested folders mounted in. Disposing unmounts everything and deletes the session folder,
/// also after a failure; Teardown finds any session a crash left behind under the sessions folder.
/// </summary>
public sealed class ChrootSession : IAsyncDisposable
{
    private ChrootSession(string directory) => Directory = directory;

    /// <summary>The session's folder: upper/, work/ and merged/ (the root processes see).</summary>
    public string Directory { get; }

    public string Root => Path.Combine(Directory, "merged");

    /// <summary>The environment every process starts with; the host's is not passed through.</summary>
    public static IReadOnlyDictionary<string, string> BaseEnvironment { get; } = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["HOME"] = "/root",
        ["LANG"] = "C.UTF-8",
        // The rootfs has no libicu; .NET aborts at start-up without this.
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public static async Task<ChrootSession> OpenAsync(RootfsImage rootfs, string sessionsDirectory, string name, IReadOnlyList<BindMount> binds,
        CancellationToken cancellation)
    {
        var session = new ChrootSession(Path.Combine(sessionsDirectory, $"{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"));
        try
        {
            foreach (var sub in new[] { "upper", "work", "merged" }) System.IO.Directory.CreateDirectory(Path.Combine(session.Directory, sub));
            await Mount(cancellation, "-t", "overlay", "overlay", "-o",
                $"lowerdir={rootfs.Root},upperdir={session.Directory}/upper,workdir={session.Directory}/work", session.Root);
            await Mount(cancellation, "-t", "proc", "proc", Path.Combine(session.Root, "proc"));
            foreach (var system in new[] { "dev", "sys" })
            {
                var target = Path.Combine(session.Root, system);
                await Mount(cancellation, "--rbind", "/" + system, target);
                // Slave propagation: unmounting inside the session must never unmount the host's /dev or /sys.
                await Mount(cancellation, "--make-rslave", target);
            }
            foreach (var bind in binds)
            {
                var target = session.Root + bind.Target;
                System.IO.Directory.CreateDirectory(target);
                await Mount(cancellation, "--bind", bind.Source, target);
                if (bind.ReadOnly) await Mount(cancellation, "-o", "remount,bind,ro", target);
            }
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program inside the root, from <paramref name="workingDirectory"/> (a path inside the root).</summary>
    public Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellation,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onLine = null,
        bool check = true)
    {
        // cd through the shell so the working directory is resolved inside the root.
        var script = "cd \"$0\" && exec \"$@\"";
        var command = Command("/bin/sh", ["-c", script, workingDirectory, program, .. arguments], environment);
        return ProcessRunner.RunAsync(command[0], command.Skip(1), timeout, cancellation, onLine: onLine, check: check);
    }

    /// <summary>
    /// The host command line that runs <paramref name="program"/> inside the root: chroot, as
    /// <paramref name="userId"/> when given, through env -i so the process starts from nothing but
    /// <see cref="BaseEnvironment"/> and <paramref name="environment"/> (which wins).
    /// </summary>
    public IReadOnlyList<string> Command(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        int? userId = null)
    {
        var variables = new Dictionary<string, string>(BaseEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) variables[key] = value;
        var user = userId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            "chroot", .. user is null ? Array.Empty<string>() : [$"--userspec={user}:{user}"], Root,
            "/usr/bin/env", "-i", .. variables.Select(v => $"{v.Key}={v.Value}"),
            program, .. arguments,
        ];
    }

    public async ValueTask DisposeAsync()
    {
        // Never give up half-way: a leftover mount would pin the rootfs and the host's /dev.
        await MountTable.UnmountUnderAsync(Directory, CancellationToken.None);
        if (MountTable.Under(Directory).Count == 0 && System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static Task Mount(CancellationToken cancellation, params string[] arguments) =>
        ProcessRunner.RunAsync("mount", arguments, TimeSpan.FromSeconds(30), cancellation);
}
