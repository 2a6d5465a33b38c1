using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Recovery;
using Testbed.Orchestration.Rootfs;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;
using Testbed.Records;

namespace Testbed.Orchestration.Tests.Recovery;

/// <summary>
/// The smoke scenario with one injected kill per mode, for real (engine, chroot, trainer): each
/// killed workload restarts from its checkpoint and ends with the weights the uninterrupted
/// full-length warm-ups ended with; then the tune phase loads the chief's final checkpoint, scores
/// exactly what the saved model scored, and trains on to the same weights in both modes; nothing is
/// left behind. The restart reads the trainer's own checkpoints through CheckpointInspection,
/// so this is also the contract test between the two (resumed after epoch 1, same weights).
/// </summary>
[Trait("Tier", "Integration")]
public sealed class InjectedKillSmokeTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-kill-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task A_killed_worker_in_each_mode_costs_one_restart_the_workload_ends_with_the_uninterrupted_weights_and_tunes_from_its_checkpoint()
    {
        var environment = IntegrationEnvironment.Require();
        // Full-length warm-ups: uninterrupted runs of the same work to hold the restarted ones against.
        var run = PreparedRun.From(new RunRequest(Path.Combine(environment.RepositoryRoot, "experiments"), ["smoke-lifecycle"], 1, 1, 0,
            [Mode.Native, Mode.Container], CpuPolicy.Scale, "unused")
        {
            InjectFaults = FaultPlan.KillWorker,
        }, Environment.ProcessorCount);
        var directory = RunLayout.CreateRunFolder(_results, DateTimeOffset.UtcNow, TestRunSha.New());
        using var engine = new DockerEngine();
        var output = new StringWriter();
        var manifest = await SmokeRig.Manifest(directory, run, engine, environment);

        var monitor = WorkerMonitor.Local();
        await new ScenarioRunner(SmokeRig.Modes(environment, engine, monitor), new PlainRunDisplay(SmokeRig.Console(output)), TimeSpan.FromMilliseconds(500),
            monitor, run.Request.Recovery)
            .RunAsync(run.Plan, directory, manifest, new DurationEstimate(), CancellationToken.None);

        var written = RunManifest.Read(directory);
        Assert.True(written.Complete, output.ToString());
        var hashes = new Dictionary<(Mode, bool), string?>();
        var tuned = new List<string?>();
        foreach (var repetition in written.Repetitions)
        {
            var status = RepetitionStatus.Read(Path.Combine(directory, repetition.Path));
            Assert.True(status.Status == RepetitionOutcome.Succeeded, $"{repetition.Mode}: {status.Error}\n{output}");
            var workload = status.Workloads.Single();
            if (repetition.Warmup)
            {
                Assert.Equal(0, status.Restarts);
            }
            else
            {
                Assert.True(status.Restarts == 1, $"{repetition.Mode}: {status.Describe()}\n{output}");
                var (killed, resumed) = (workload.Attempts[0], workload.Attempts[1]);
                Assert.Equal(137, killed.Failure!.ExitCode);
                Assert.Equal(killed.InjectedFault!.Rank, killed.Failure.Rank);
                Assert.Equal((killed.InjectedFault.Step - 1) / 30, resumed.ResumedFromEpoch);
                Assert.True(resumed.RecoverySeconds > 0, $"{repetition.Mode}: recovery {resumed.RecoverySeconds}");
            }
            var ranks = workload.Workers.Select(w => w.WeightsHash).Distinct().ToList();
            hashes[(repetition.Mode, repetition.Warmup)] = Assert.Single(ranks);

            var tune = workload.Tune!;
            Assert.True(tune.Error is null, $"{repetition.Mode} tune: {tune.Error}\n{output}");
            Assert.Equal("checkpoint-epoch-003.tbckpt", tune.Checkpoint);
            tuned.AddRange(tune.Workers.Select(w => w.WeightsHash));
            var smoke = Path.Combine(directory, repetition.Path, "smoke");
            var saved = WorkerRecordFile.Read(RunLayout.WorkerRecords(smoke, 0), RecordReading.Strict).Final!;
            var loaded = WorkerRecordFile.Read(RunLayout.WorkerRecords(Path.Combine(smoke, RunLayout.TuneFolder), 0), RecordReading.Strict).Loaded!;
            Assert.Equal(saved.WeightsHash, loaded.WeightsHash);
            Assert.Equal(saved.TestAccuracy, loaded.TestAccuracy);
        }
        Assert.Equal(4, hashes.Count);
        Assert.True(hashes.Values.Distinct().Count() == 1, string.Join("\n", hashes.Select(h => $"{h.Key}: {h.Value}")) + "\n" + output);
        Assert.Equal(8, tuned.Count);
        Assert.Single(tuned.Distinct());
        Assert.DoesNotContain(hashes.Values.First(), tuned);

        var left = await engine.RemoveLabelledAsync($"{Labels.Run}={written.RunId}");
        Assert.True(left.Total == 0, $"left behind: {left}");
        Assert.Empty(RunLeftovers.Mounts(environment.SessionsDirectory, written.RunId));
        Assert.Empty(RunLeftovers.Cgroups(written.RunId));
    }
}
