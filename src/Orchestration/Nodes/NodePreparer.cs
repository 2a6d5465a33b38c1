using System.Diagnostics;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Makes a node ready to run workers, the same way on every node: the tools the pipeline uses
/// there and a Docker engine that answers (a real host without them gets Debian's packages, when
/// it has apt and the user may sudo), the runtime rootfs and the published trainer under
/// <see cref="NodeLayout.Root"/>, and the trainer image in the node's engine. Each copy is
/// skipped when the node already has that hash.
/// </summary>
public sealed class NodePreparer(bool mayInstall, TimeSpan engineTimeout)
{
    /// <summary>
    /// What the pipeline runs on a node: the engine, the tunnel's socat, tar for copies, setsid and
    /// procps' kill for native workers, setpriv to read workers' files as their user.
    /// </summary>
    public static IReadOnlyList<string> Tools { get; } = ["dockerd", "socat", "tar", "setsid", "setpriv", "kill"];

    /// <summary>The Debian packages that provide them (and iptables, which the engine needs for its networks).</summary>
    public static IReadOnlyList<string> Packages { get; } = ["docker.io", "iptables", "socat", "tar", "util-linux", "procps"];

    public async Task<NodePreparation> PrepareAsync(NodeShell shell, Func<Task<DockerEngine>> engineOf, DockerEngine host, RootfsImage rootfs,
        TrainerImage trainer, string publishDirectory, string trainerHash, Action<string> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var node = shell.Target.Node;
        var installed = await EnsureToolsAsync(shell, progress, cancellation);
        var engine = await engineOf();
        installed |= await EnsureEngineAsync(shell, engine, progress, cancellation);
        var version = await engine.VersionAsync(cancellation);

        var rootfsCopied = await EnsureCopyAsync(
            shell, rootfs.Directory, NodeLayout.Rootfs(rootfs.Hash), $"runtime rootfs {rootfs.Hash}", progress, cancellation);
        var trainerCopied = await EnsureCopyAsync(shell, publishDirectory, NodeLayout.Trainer(trainerHash), $"trainer {trainerHash}", progress, cancellation);

        var imageLoaded = false;
        if (await engine.ImageIdAsync(trainer.Tag, cancellation) != trainer.Id)
        {
            progress($"{node}: loading {trainer.Tag} into its engine");
            await host.CopyImageToAsync(engine, trainer.Tag, _ => { }, cancellation);
            var loaded = await engine.ImageIdAsync(trainer.Tag, cancellation);
            if (loaded != trainer.Id)
                throw new InvalidOperationException($"{node}'s engine holds {trainer.Tag} as {loaded ?? "nothing"} after loading it, not {trainer.Id}.");
            imageLoaded = true;
        }
        return new NodePreparation(node, version, installed, rootfsCopied, trainerCopied, imageLoaded, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A foreign trainer's runtime on the node: its rootfs and trainers/ copied, its image loaded; each skipped when there.</summary>
    public async Task<NodeRuntimePaths> PrepareRuntimeAsync(
        NodeShell shell, DockerEngine engine, DockerEngine host, ForeignRuntime runtime, Action<string> progress, CancellationToken cancellation)
    {
        var paths = new NodeRuntimePaths(NodeLayout.Rootfs(runtime.Rootfs.Hash), NodeLayout.Trainers(runtime.TrainersHash));
        await EnsureCopyAsync(shell, runtime.Rootfs.Directory, paths.Rootfs, $"{runtime.Name} rootfs {runtime.Rootfs.Hash}", progress, cancellation);
        await EnsureCopyAsync(shell, runtime.TrainersDirectory, paths.Trainers, $"trainers {runtime.TrainersHash}", progress, cancellation);
        if (await engine.ImageIdAsync(runtime.Image.Tag, cancellation) != runtime.Image.Id)
        {
            progress($"{shell.Target.Node}: loading {runtime.Image.Tag} into its engine");
            await host.CopyImageToAsync(engine, runtime.Image.Tag, _ => { }, cancellation);
            var loaded = await engine.ImageIdAsync(runtime.Image.Tag, cancellation);
            if (loaded != runtime.Image.Id)
            {
                throw new InvalidOperationException(
                    $"{shell.Target.Node}'s engine holds {runtime.Image.Tag} as {loaded ?? "nothing"} after loading it, not {runtime.Image.Id}.");
            }
        }
        return paths;
    }

    private async Task<bool> EnsureToolsAsync(NodeShell shell, Action<string> progress, CancellationToken cancellation)
    {
        var missing = await MissingToolsAsync(shell, cancellation);
        if (missing.Count == 0) return false;
        var node = shell.Target;
        if (!mayInstall)
        {
            throw new InvalidOperationException($"{node} lacks {string.Join(", ", missing)}; its image should have them. " +
                "Remove the virtual nodes (./build.sh Teardown) so they are made again.");
        }
        var apt = await shell.RunAsync("command -v apt-get", TimeSpan.FromSeconds(30), cancellation, check: false);
        if (apt.ExitCode != 0)
        {
            throw new InvalidOperationException($"{node} lacks {string.Join(", ", missing)} and has no apt-get to install them with. " +
                "Install a Docker engine, socat, tar and util-linux there (the engine started, its socket at /var/run/docker.sock), then run again.");
        }
        progress($"{node.Node}: installing {string.Join(", ", Packages)} with apt-get (missing: {string.Join(", ", missing)})");
        await shell.RunAsync(
            $"export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q --no-install-recommends {string.Join(' ', Packages)}",
            TimeSpan.FromMinutes(15), cancellation);
        missing = await MissingToolsAsync(shell, cancellation);
        if (missing.Count > 0)
            throw new InvalidOperationException($"{node} still lacks {string.Join(", ", missing)} after installing {string.Join(", ", Packages)}.");
        return true;
    }

    private static async Task<IReadOnlyList<string>> MissingToolsAsync(NodeShell shell, CancellationToken cancellation)
    {
        // PATH with the sbin folders: a plain user's PATH often lacks them, root's work has them.
        var check = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; " +
            "for tool in " + string.Join(' ', Tools) + "; do command -v $tool >/dev/null || echo \"$tool\"; done";
        var result = await shell.RunAsync(check, TimeSpan.FromSeconds(30), cancellation);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task<bool> EnsureEngineAsync(NodeShell shell, DockerEngine engine, Action<string> progress, CancellationToken cancellation)
    {
        var node = shell.Target;
        // A virtual node's engine may still be starting; a real host's either runs or does not.
        if (await WaitForEngineAsync(engine, mayInstall ? TimeSpan.FromSeconds(5) : engineTimeout, cancellation)) return false;
        if (!mayInstall)
            throw new InvalidOperationException($"The Docker engine of {node} did not answer through the SSH tunnel within {engineTimeout.TotalSeconds:0} s.");
        progress($"{node.Node}: starting its Docker engine");
        // Without the pipeline's process tag: the engine is the host's provisioning, and the sweep
        // before each run (and a timed-out command's clean-up) kill every process that carries it.
        await shell.RunAsync(
            "if [ -d /run/systemd/system ]; then systemctl enable --now docker; " +
            $"else env -u {NodeProcessScript.TagVariable} setsid -f dockerd >>/var/log/testbed-dockerd.log 2>&1 </dev/null; fi",
            TimeSpan.FromMinutes(2), cancellation);
        if (await WaitForEngineAsync(engine, engineTimeout, cancellation)) return true;
        var log = await shell.RunAsync("journalctl -u docker -n 15 --no-pager 2>/dev/null || tail -n 15 /var/log/testbed-dockerd.log",
            TimeSpan.FromSeconds(30), cancellation, check: false);
        throw new InvalidOperationException(
            $"The Docker engine of {node} did not answer within {engineTimeout.TotalSeconds:0} s of starting it. Its log:\n{log.Output.Trim()}");
    }

    internal static async Task<bool> WaitForEngineAsync(DockerEngine engine, TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await engine.AnswersAsync(TimeSpan.FromSeconds(5), cancellation)) return true;
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(200, cancellation);
        }
    }

    /// <summary>
    /// Copies a folder to the node unless its completion marker is there: into a partial folder,
    /// renamed and marked only when whole.
    /// </summary>
    private static async Task<bool> EnsureCopyAsync(
        NodeShell shell, string local, string remote, string what, Action<string> progress, CancellationToken cancellation)
    {
        var marker = NodeLayout.CompleteMarker(remote);
        var there = await shell.RunAsync($"test -f {ShellQuote.Quote(marker)} && test -d {ShellQuote.Quote(remote)}",
            TimeSpan.FromSeconds(30), cancellation, check: false);
        if (there.ExitCode == 0) return false;
        var partial = remote + ".partial";
        await shell.RunAsync($"rm -rf {ShellQuote.Quote(partial)} {ShellQuote.Quote(remote)} {ShellQuote.Quote(marker)}",
            TimeSpan.FromMinutes(2), cancellation);
        // Only for the progress percentage. Symlinks are skipped, not followed: the rootfs has
        // absolute ones that point into the host here (dev/fd -> /proc/self/fd) or nowhere.
        var files = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var total = Math.Max(1, new DirectoryInfo(local).EnumerateFiles("*", files).Sum(f => f.Length));
        var last = -1L;
        await shell.UploadAsync(local, partial, cancellation, sent =>
        {
            var percent = Math.Min(100, sent * 100 / total);
            if (percent / 10 == last / 10) return;
            last = percent;
            progress($"{shell.Target.Node}: copying the {what} ({percent} %)");
        });
        await shell.RunAsync($"mv {ShellQuote.Quote(partial)} {ShellQuote.Quote(remote)} && touch {ShellQuote.Quote(marker)}",
            TimeSpan.FromMinutes(1), cancellation);
        return true;
    }

    /// <summary>The hash a published trainer folder is kept under on the nodes: its files' paths and contents.</summary>
    public static string TrainerHash(string publishDirectory) =>
        ContentHash.Of(publishDirectory, Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories));
}
