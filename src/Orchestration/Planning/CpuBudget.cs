using System.Globalization;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// Keeps the workers of a scenario (they run concurrently) within the machine's cores. Asking for
/// more is never silently oversubscribed: it is refused, or every share is scaled by the same
/// factor and the change is said aloud and recorded in the manifest.
/// </summary>
public static class CpuBudget
{
    /// <summary>The smallest CPU limit the engine takes (0.01 of a core); 0 would mean "unlimited".</summary>
    public const double MinimumShare = 0.01;

    public static (Experiment Experiment, string? Note) Fit(Experiment experiment, double cores, CpuPolicy policy)
    {
        var asked = experiment.TotalCpus;
        if (asked <= cores + 1e-9) return (experiment, null);

        var total = asked.ToString("0.##", CultureInfo.InvariantCulture);
        if (policy == CpuPolicy.Refuse)
        {
            throw new ExperimentValidationException([new ValidationError(experiment.File, "workloads[].cpusPerWorker",
                $"{total} cores in all ({experiment.TotalWorkers} workers at once)",
                $"at most {cores.ToString(CultureInfo.InvariantCulture)} cores, this machine's; lower the shares, or pass --cpu-policy scale")]);
        }

        // Round down to a hundredth of a core so the sum never exceeds the machine.
        var factor = cores / asked;
        var scaled = experiment with
        {
            Workloads = experiment.Workloads.Select(w => w with { CpusPerWorker = Math.Floor(w.CpusPerWorker * factor * 100) / 100 }).ToList(),
        };
        var starved = scaled.Workloads.Where(w => w.CpusPerWorker < MinimumShare).ToList();
        if (starved.Count > 0)
        {
            // Never send a share of 0: the engine would read it as "no limit".
            throw new ExperimentValidationException([new ValidationError(experiment.File, "workloads[].workers",
                $"{experiment.TotalWorkers} workers at once, which {cores.ToString(CultureInfo.InvariantCulture)} cores can give less than {MinimumShare} of a core each",
                $"fewer workers (each needs at least {MinimumShare} of a core after scaling), or a machine with more cores")]);
        }
        var note = $"{experiment.Name} asks for {total} cores but this machine has {cores.ToString(CultureInfo.InvariantCulture)}: every worker's share was scaled by {factor.ToString("0.###", CultureInfo.InvariantCulture)} " +
                   $"({string.Join(", ", scaled.Workloads.Select(w => $"{w.Name}: {w.CpusPerWorker.ToString(CultureInfo.InvariantCulture)} per worker"))}).";
        return (scaled, note);
    }
}
