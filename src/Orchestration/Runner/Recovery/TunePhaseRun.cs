using System.Globalization;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Experiments;
using Testbed.Records;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// The thesis's "load and tune" after a workload trained: the chief's final checkpoint is checked
/// and copied into the workload's tune/init/, and every worker starts from it (--init-from) in the
/// same mode, with the tune phase's epochs, steps and learning rate; its files go to tune/.
/// </summary>
internal static class TunePhaseRun
{
    public static async Task<TuneStatus> RunAsync(IExecutionMode mode, WorkloadLaunch trained, TunePhase tune, TimeSpan timeout, CancellationToken cancellation)
    {
        var launched = DateTimeOffset.UtcNow;
        var final = CheckpointInspection.NewestFirst(Path.Combine(trained.OutputDirectory, TrainerArguments.CheckpointsFolder))
            .FirstOrDefault(c => c.Epoch == trained.Epochs);
        if (final is not { Intact: true })
        {
            var why = final is null ? "there is none" : final.Problem;
            return new TuneStatus("", launched, DateTimeOffset.UtcNow, [])
            {
                Error = $"no intact checkpoint of the training's last epoch ({trained.Epochs.ToString(CultureInfo.InvariantCulture)}) to tune from: {why}",
            };
        }

        var directory = Path.Combine(trained.OutputDirectory, RunLayout.TuneFolder);
        var init = Directory.CreateDirectory(Path.Combine(directory, TrainerArguments.InitFolder)).FullName;
        File.Copy(Path.Combine(trained.OutputDirectory, TrainerArguments.CheckpointsFolder, final.FileName), Path.Combine(init, final.FileName),
            overwrite: true);
        var launch = trained with
        {
            Workload = tune.Apply(trained.Workload),
            OutputDirectory = directory,
            IsTune = true,
            InitCheckpoint = final.FileName,
            Attempt = 0,
            ResumeCheckpoint = null,
            Fault = null,
            KeepCheckpoints = 1,
        };

        IReadOnlyList<WorkerOutcome> outcomes;
        var run = await mode.StartAsync(launch, cancellation);
        try
        {
            outcomes = await run.WaitAsync(timeout, cancellation);
        }
        finally
        {
            // Disposed before its records are read: on a cluster that is when they are collected.
            await run.DisposeAsync();
        }

        var failures = outcomes.Where(o => o.ExitCode != 0 || o.Error is not null)
            .Select(o => $"rank {o.Rank.ToString(CultureInfo.InvariantCulture)}: {o.Error ?? $"exit code {o.ExitCode}"}")
            .Concat(run.Leftovers.Select(l => $"left on the nodes: {l}")).ToList();
        var workers = outcomes.Select(o =>
        {
            var records = WorkerRecordFile.Read(RunLayout.WorkerRecords(directory, o.Rank), RecordReading.Live);
            var log = RunLayout.WorkerLog(directory, o.Rank);
            var failed = o.ExitCode != 0 || o.Error is not null;
            var tail = failed ? WorkerLogTail.Read(log) : [];
            return new WorkerStatus(o.Rank, o.Node, o.ExitCode, records.Final?.TimeToFirstStepSeconds, records.Final?.WeightsHash, tail);
        }).ToList();
        return new TuneStatus(final.FileName, launched, DateTimeOffset.UtcNow, workers)
        {
            Error = failures.Count == 0 ? null : string.Join("; ", failures),
        };
    }
}
