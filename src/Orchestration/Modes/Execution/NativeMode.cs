using System.Diagnostics;
using System.Globalization;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Runs a workload's workers as plain host processes: the same published trainer on the same
/// rootfs as the image, through chroot (on a throw-away overlay), as the same unprivileged user,
/// each in a CPU cgroup with the same CFS quota a container gets, talking over loopback ports.
/// </summary>
public sealed partial class NativeMode(RootfsImage rootfs, string publishDirectory, string sessionsDirectory, int userId, Monitoring.WorkerMonitor? monitor,
    ForeignRuntimes? foreign = null) : IExecutionMode
{
    public Mode Mode => Mode.Native;

    public async Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        if (launch.Workload.Trainer.IsForeign) return await StartForeignAsync(launch, cancellation);
        Directory.CreateDirectory(launch.OutputDirectory);
        var secrets = Secrets.Create(launch.Token, userId);
        var owner = userId.ToString(CultureInfo.InvariantCulture);
        await Processes.ProcessRunner.RunAsync("chown", [$"{owner}:{owner}", launch.OutputDirectory], TimeSpan.FromSeconds(10), cancellation);

        var binds = new List<BindMount>
        {
            new(publishDirectory, TrainerImage.InstallDirectory, ReadOnly: true),
            new(launch.OutputDirectory, "/results"),
            new(secrets.Directory, "/run/secrets", ReadOnly: true),
        };
        if (TrainerArguments.HostDataDirectory(launch.Workload) is { } data) binds.Add(new BindMount(data, "/data", ReadOnly: true));

        var run = new NativeWorkloadRun(launch, secrets, monitor);
        try
        {
            run.Session = await ChrootSession.OpenAsync(rootfs, sessionsDirectory, launch.ShortName, binds, cancellation);
            var ports = FreePorts.OnLoopback(launch.Workload.Workers);
            var peers = string.Join(',', ports.Select(p => $"127.0.0.1:{p}"));
            for (var rank = 0; rank < launch.Workload.Workers; rank++)
            {
                var cgroup = CpuCgroup.Create($"{launch.ShortName}-{rank}", launch.Workload.CpusPerWorker);
                run.Cgroups.Add(cgroup);
                var arguments = TrainerArguments.Train(launch, TrainerArguments.DataDirectory(launch.Workload), "/results",
                    $"/run/secrets/{TrainerArguments.TokenFileName}",
                    TrainerArguments.StaticRing(peers, rank, ports[rank]));
                var worker = StartWorker(run.Session, cgroup, rank, arguments, RunLayout.WorkerLog(launch.OutputDirectory, rank));
                run.Workers.Add(worker);
                if (monitor?.Current is { } sampling) await sampling.WatchAsync(Environment.MachineName, worker.Process.Id, ownNetwork: false, cancellation);
            }
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private NativeWorker StartWorker(ChrootSession session, CpuCgroup cgroup, int rank, IReadOnlyList<string> arguments, string logFile) =>
        StartWorker(session, cgroup, rank, TrainerImage.Executable, arguments, new Dictionary<string, string> { ["HOME"] = "/home/testbed" }, logFile);

    private NativeWorker StartWorker(ChrootSession session, CpuCgroup cgroup, int rank, string program, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, string logFile)
    {
        // The shell puts itself into the cgroup, then becomes chroot, then the trainer: the
        // trainer's first instruction already runs under the quota (and sees it when sizing threads).
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false };
        string[] command =
        [
            "-c", "for f in $0; do echo $$ > \"$f\" || exit 1; done && exec \"$@\"", string.Join(' ', cgroup.ProcsFiles),
            .. session.Command(program, arguments, environment, userId),
        ];
        foreach (var argument in command) start.ArgumentList.Add(argument);
        return NativeWorker.Start(rank, start, logFile);
    }
}
