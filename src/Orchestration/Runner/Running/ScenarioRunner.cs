using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// Runs a plan repetition by repetition: starts every workload of the scenario at once in the
/// repetition's mode, samples resources, waits for the workers, writes status.json, and removes
/// everything the repetition created before the next one starts. After every scenario's minimum
/// rounds, scenarios with a precision target get further rounds, one per scenario and pass in
/// experiment order, while <see cref="PrecisionRule"/> says so. The manifest it was given is
/// rewritten (never changed in place) after every repetition and every judgement; a failed
/// repetition is recorded and the run goes on; Ctrl+C cleans up, marks the run incomplete and rethrows.
/// </summary>
public sealed class ScenarioRunner(IReadOnlyDictionary<Mode, IExecutionMode> modes, IRunDisplay display, TimeSpan sampleInterval,
    Monitoring.WorkerMonitor? monitor = null,
    Recovery.RecoverySettings? recovery = null, Recovery.INodeStopper? stopper = null, PrecisionControl? precision = null)
{
    private readonly TimeProvider _clock = precision?.Clock ?? TimeProvider.System;

    public async Task<RunOutcome> RunAsync(RunPlan plan, string runDirectory, RunManifest manifest, DurationEstimate estimate, CancellationToken cancellation)
    {
        if (plan.Precision.Active && precision is null)
            throw new ArgumentException("The plan has precision targets but the runner was given no way to read precision.", nameof(precision));
        var samplerCost = new List<double>();
        var entries = new List<RepetitionEntry>();
        var book = new RoundBook(plan);
        RunManifest Current() => manifest with
        {
            Repetitions = [.. entries],
            Sampler = manifest.Sampler with { CpuPercent = samplerCost.Count == 0 ? 0 : Math.Round(samplerCost.Average(), 2) },
            Precision = book.Entry(),
        };
        string? interruption = null;
        var complete = false;
        Current().Write(runDirectory);
        try
        {
            await display.RunAsync(async progress =>
            {
                async Task RunOneAsync(PlannedRepetition repetition, int number, int total, IEnumerable<PlannedRepetition> remaining)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var began = _clock.GetUtcNow();
                    progress.RepetitionStarted(repetition, number, total, estimate.Of(remaining));
                    // The manifest's ring-tags choice is what every repetition gets: recorded and used are one value.
                    var repetitionRun = new RepetitionRun(repetition, Path.Combine(runDirectory, repetition.RelativePath), manifest.RunId, modes,
                        sampleInterval, monitor, recovery, stopper)
                    {
                        RingTags = manifest.Cluster?.RingTags ?? true,
                    };
                    var (status, cost) = await repetitionRun.RunAsync(estimate.Of(repetition), progress, cancellation);
                    samplerCost.Add(cost);
                    entries.Add(new RepetitionEntry(status.Scenario, status.Mode, status.Repetition, status.Warmup, status.Status, repetition.RelativePath,
                        status.DurationSeconds)
                    {
                        Round = repetition.Round,
                        Restarts = status.Restarts,
                    });
                    Current().Write(runDirectory);
                    progress.RepetitionEnded(repetition, status.Status, TimeSpan.FromSeconds(status.DurationSeconds), status.Error);
                    if (repetitionRun.ForeignRefusal is { } refusal) throw new ForeignTrainerRefusedException(refusal);
                    if (status.Restarts > 0) progress.Note($"{repetition.Describe()}: {status.Describe()}");
                    // A restarted repetition's time holds its recovery: it would teach the estimate a wrong step time.
                    if (status.Status == RepetitionOutcome.Succeeded && status.Restarts == 0)
                    {
                        estimate.Record(repetition, TimeSpan.FromSeconds(status.DurationSeconds),
                            StepTime.MedianMs(Path.Combine(runDirectory, repetition.RelativePath), status));
                        if (estimate.Calibration is { } calibration) progress.Note(calibration);
                    }
                    book.Ran(repetition, _clock.GetUtcNow() - began);
                    cancellation.ThrowIfCancellationRequested();
                }

                for (var i = 0; i < plan.Repetitions.Count; i++)
                    await RunOneAsync(plan.Repetitions[i], i + 1, plan.Repetitions.Count, plan.Repetitions.Skip(i));
                if (precision is not null)
                {
                    await new ExtraRounds(plan, book, precision, runDirectory, progress, () => Current().Write(runDirectory))
                        .RunAsync(async round =>
                        {
                            var before = entries.Count;
                            for (var k = 0; k < round.Count; k++)
                                await RunOneAsync(round[k], before + k + 1, before + round.Count, round.Skip(k));
                        });
                }
            });
            complete = true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            interruption = "cancelled (Ctrl+C or SIGTERM) before every repetition ran";
            throw;
        }
        catch (Exception e)
        {
            interruption = $"stopped by an error: {e.Message}";
            throw;
        }
        finally
        {
            (Current() with { Complete = complete, Interruption = interruption, EndedUtc = DateTimeOffset.UtcNow }).Write(runDirectory);
        }
        return new RunOutcome(runDirectory, entries);
    }
}

/// <summary>What a run did: its folder and every repetition, as the manifest now lists them.</summary>
public sealed record RunOutcome(string RunDirectory, IReadOnlyList<RepetitionEntry> Repetitions)
{
    public int Failed => Repetitions.Count(r => r.Status != RepetitionOutcome.Succeeded);
}
