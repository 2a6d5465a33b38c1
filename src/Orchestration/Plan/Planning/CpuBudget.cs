using System.Globalization;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// Keeps the workers of a scenario (they run concurrently) within the cores they run on: this
/// machine's on the local cluster, each virtual node's share on a virtual one (real hosts bring
/// their own cores, which the pipeline does not know before it connects). Asking for more is never
/// silently oversubscribed: it is refused, or every share is scaled by the same factor and the
/// change is said aloud and recorded in the manifest.
/// </summary>
public static class CpuBudget
{
    /// <inheritdoc cref="Workload.MinimumCpuShare"/>
    public const double MinimumShare = Workload.MinimumCpuShare;

    private sealed record Budget(string Where, double Asked, double Has);

    public static (Experiment Experiment, string? Note) Fit(Experiment experiment, double cores, CpuPolicy policy) =>
        Fit(experiment, [new Budget("this machine", experiment.TotalCpus, cores)], policy);

    /// <summary>Fits <paramref name="experiment"/> (already placed on <paramref name="cluster"/>) to what it runs on.</summary>
    public static (Experiment Experiment, string? Note) Fit(
        Experiment experiment, ClusterDefinition cluster, double machineCores, CpuPolicy policy) => cluster.Kind switch
    {
        ClusterKind.Local => Fit(experiment, machineCores, policy),
        ClusterKind.Virtual => Fit(experiment, NodePlan.CpusPerNode(experiment)
            .Select(n => new Budget($"node {n.Key} of {cluster.Name}", n.Value, cluster.VirtualNodes.First(v => v.Name == n.Key).Cpus)).ToList(), policy),
        _ => (experiment, null),
    };

    private static (Experiment Experiment, string? Note) Fit(Experiment experiment, IReadOnlyList<Budget> budgets, CpuPolicy policy)
    {
        var tightest = budgets.OrderBy(b => b.Has / b.Asked).First();
        if (tightest.Asked <= tightest.Has + 1e-9) return (experiment, null);

        string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        if (policy == CpuPolicy.Refuse)
        {
            throw new ExperimentValidationException([new ValidationError(experiment.File, "workloads[].cpusPerWorker",
                $"{N(tightest.Asked)} cores in all on {tightest.Where} ({experiment.TotalWorkers} workers at once)",
                $"at most {N(tightest.Has)} cores, what {tightest.Where} has; lower the shares, or pass --cpu-policy scale")]);
        }

        // Round down to a hundredth of a core so the sum never exceeds what there is.
        var factor = tightest.Has / tightest.Asked;
        var scaled = experiment with
        {
            Workloads = experiment.Workloads.Select(w => w with { CpusPerWorker = Math.Floor(w.CpusPerWorker * factor * 100) / 100 }).ToList(),
        };
        if (scaled.Workloads.Any(w => w.CpusPerWorker < MinimumShare))
        {
            // Never send a share of 0: the engine would read it as "no limit".
            throw new ExperimentValidationException([new ValidationError(experiment.File, "workloads[].workers",
                $"{experiment.TotalWorkers} workers at once, which {N(tightest.Has)} cores " +
                    $"of {tightest.Where} can give less than {MinimumShare} of a core each",
                $"fewer workers (each needs at least {MinimumShare} of a core after scaling), or more cores")]);
        }
        var note = $"{experiment.Name} asks for {N(tightest.Asked)} cores on {tightest.Where}, which has {N(tightest.Has)}: " +
            $"every worker's share was scaled by {factor.ToString("0.###", CultureInfo.InvariantCulture)} " +
                   $"({string.Join(", ", scaled.Workloads.Select(w => $"{w.Name}: {w.CpusPerWorker.ToString(CultureInfo.InvariantCulture)} per worker"))}).";
        return (scaled, note);
    }
}
