using System.Globalization;
using Spectre.Console;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Progress;

/// <summary>The planned work before anything runs: one row per scenario, with a rough estimate.</summary>
public static class PlanTable
{
    /// <param name="forecast">What an earlier run says a scenario's target will take (the build asks the analysis); null: "known after the minimum
    /// rounds".</param>
    public static void Write(IAnsiConsole console, IReporter reporter, PreparedRun run, Func<string, double, PrecisionForecast?>? forecast = null)
    {
        foreach (var note in run.Notes) reporter.Warn(note);
        reporter.Info(run.Cluster.Kind switch
        {
            Cluster.ClusterKind.Local => "Cluster local: every worker on this host",
            Cluster.ClusterKind.Virtual => $"Cluster {run.Cluster.Name}: virtual nodes on this host, " +
                string.Join(", ", run.Cluster.VirtualNodes.Select(n => $"{n.Name} ({n.Cpus.ToString(CultureInfo.InvariantCulture)} CPU, {n.MemoryMb} MB)")),
            _ => $"Cluster {run.Cluster.Name}: hosts {string.Join(", ", run.Cluster.Hosts.Select(h => $"{h.Name} ({h.User}@{h.Address})"))}",
        });
        var estimate = new DurationEstimate();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Scenario", "Workloads x workers", "Nodes", "CPU per worker", "Epochs x steps",
            "Repetitions", "Estimate");
        foreach (var experiment in run.Experiments)
        {
            var repetitions = run.Plan.Repetitions.Where(r => r.Experiment == experiment).ToList();
            table.AddRow(
                Markup.Escape(experiment.Name),
                Markup.Escape(string.Join(" + ", experiment.Workloads.Select(w => $"{w.Name}: {w.Workers}"))),
                Markup.Escape(run.Cluster.Kind == Cluster.ClusterKind.Local ? "this host"
                    : string.Join(" / ", experiment.Workloads.Select(w => string.Join(",", w.Nodes ?? [])))),
                string.Join(" / ", experiment.Workloads.Select(w => w.CpusPerWorker.ToString(CultureInfo.InvariantCulture))),
                string.Join(" / ", experiment.Workloads.Select(w => $"{w.Epochs}x{w.StepsPerEpoch}")),
                $"{repetitions.Count(r => !r.IsWarmup)} + {repetitions.Count(r => r.IsWarmup)} warm-up",
                PlainRunDisplay.Format(estimate.Of(repetitions)));
        }
        console.Write(table);
        reporter.Info($"{run.Plan.Repetitions.Count} repetitions in {string.Join(", ", run.Request.Modes.Select(m => m.ToName()))} mode, interleaved; " +
                      $"rough estimate {PlainRunDisplay.Format(estimate.Of(run.Plan.Repetitions))} (refined as repetitions finish)" +
                      (run.Plan.Precision.Active ? ", before any round a precision target adds." : "."));
        foreach (var line in PrecisionPlanText.Lines(run.Plan, estimate, forecast)) reporter.Info(line);
    }
}
