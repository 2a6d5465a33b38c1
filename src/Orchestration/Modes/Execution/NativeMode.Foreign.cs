using Testbed.Orchestration.Images;
using System.Globalization;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Execution;

/// <summary>A foreign trainer natively: its runtime's rootfs through chroot, trainers/ read-only, the same cgroups, torchrun's environment over
/// loopback.</summary>
public sealed partial class NativeMode
{
    private async Task<IWorkloadRun> StartForeignAsync(WorkloadLaunch launch, CancellationToken cancellation)
    {
        var runtime = (foreign ?? ForeignRuntimes.None).Of(launch.Workload.Trainer.RuntimeName, launch.Workload.Name);
        Directory.CreateDirectory(launch.OutputDirectory);
        var secrets = Secrets.Create(launch.Token, userId);
        var owner = userId.ToString(CultureInfo.InvariantCulture);
        await Processes.ProcessRunner.RunAsync("chown", [$"{owner}:{owner}", launch.OutputDirectory], TimeSpan.FromSeconds(10), cancellation);

        var binds = new List<BindMount>
        {
            new(runtime.TrainersDirectory, Runtimes.TrainersDirectory, ReadOnly: true),
            new(launch.OutputDirectory, "/results"),
            new(secrets.Directory, "/run/secrets", ReadOnly: true),
        };
        if (TrainerArguments.HostDataDirectory(launch.Workload) is { } data) binds.Add(new BindMount(data, "/data", ReadOnly: true));

        var run = new NativeWorkloadRun(launch, secrets, monitor);
        try
        {
            run.Session = await ChrootSession.OpenAsync(runtime.Rootfs, sessionsDirectory, launch.ShortName, binds, cancellation);
            var master = ("127.0.0.1", FreePorts.OnLoopback(1)[0]);
            var command = ForeignLaunch.Command(launch, "/results");
            var workers = launch.Workload.Workers;
            for (var rank = 0; rank < workers; rank++)
            {
                var cgroup = CpuCgroup.Create($"{launch.ShortName}-{rank}", launch.Workload.CpusPerWorker);
                run.Cgroups.Add(cgroup);
                var environment = ForeignLaunch.Environment(launch, rank, master, localRank: rank, localWorld: workers, socketInterface: "lo");
                var worker = StartWorker(run.Session, cgroup, rank, command[0], command.Skip(1).ToList(), environment,
                    RunLayout.WorkerLog(launch.OutputDirectory, rank));
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
}
