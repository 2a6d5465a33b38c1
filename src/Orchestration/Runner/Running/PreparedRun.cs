using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Running;

/// <summary>
/// A validated request: the cluster it runs on, the experiments (placed on the cluster's nodes,
/// CPU shares fitted), the order of every repetition, and what was changed on the way (said aloud
/// and recorded in the manifest).
/// </summary>
public sealed record PreparedRun(RunRequest Request, ClusterDefinition Cluster, IReadOnlyList<Experiment> Experiments, RunPlan Plan,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Checks the parameters, the cluster file and every experiment file, then plans. Cheap and
    /// deterministic, so every target that needs the plan makes it again rather than being handed one.
    /// </summary>
    /// <exception cref="ExperimentValidationException">Every problem found, each naming file, field, value and expectation.</exception>
    public static PreparedRun From(RunRequest request, int machineCores) =>
        From(request, new MachineLimits(machineCores, MachineLimits.OfThisMachine().MemoryMb));

    public static PreparedRun From(RunRequest request, MachineLimits machine)
    {
        var errors = new List<ValidationError>();
        void Check(bool ok, string parameter, object value, string expected)
        {
            if (!ok)
            {
                errors.Add(new ValidationError(parameter, "value", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", expected));
            }
        }
        Check(request.Repetitions >= 1, "--repetitions", request.Repetitions, "at least 1");
        Check(request.Warmups >= 0, "--warmups", request.Warmups, "0 or more");
        Check(request.WarmupEpochs >= 0, "--warmup-epochs", request.WarmupEpochs, "0 (full length) or more");
        Check(request.ObserverPairs is >= 0 and <= 10, "--observer-pairs", request.ObserverPairs,
            "0 (do not measure what watching costs) to 10 pairs per mode");
        Check(request.Modes.Count > 0 && request.Modes.Distinct().Count() == request.Modes.Count, "--modes",
            $"'{string.Join(",", request.Modes.Select(m => m.ToName()))}'",
            $"{string.Join(", ", ModeNames.All.Select(m => m.ToName()))} or several, each once");
        errors.AddRange(ResultsFolder.Check(request.ResultsParameter, request.ResultsDirectory));
        Check(request.MaxRestarts is null or (>= 0 and <= 100), "--max-restarts", request.MaxRestarts ?? 0,
            "0 to 100 restarts per workload (or leave it out: each experiment's maxRestarts)");
        Check(RecoverySettings.TryParseFaults(request.InjectFaults, out var faults), "--inject-faults", $"'{request.InjectFaults}'",
            string.Join(" or ", RecoverySettings.FaultNames));
        Check(request.Precision is null or (>= 0 and <= PrecisionPlan.MostPercent), "--precision", request.Precision ?? 0,
            $"a target half-width above 0 and at most {PrecisionPlan.MostPercent} percentage " +
                $"points, e.g. 3, or 0 for no target (a fixed count of --repetitions rounds)");
        Check(request.TimeBudgetMinutes is null or (> 0 and <= PrecisionPlan.MostBudgetMinutes), "--time-budget", request.TimeBudgetMinutes ?? 0,
            $"minutes above 0 and at most {PrecisionPlan.MostBudgetMinutes}, e.g. 90 (or leave it out: the sum of the experiments' timeBudgetMinutes)");
        if (errors.Count > 0) throw new ExperimentValidationException(errors);

        var loaded = ExperimentLoader.Load(request.ExperimentsDirectory, request.Experiments, machine.Cores);
        if (faults != FaultInjection.None)
        {
            // An injected fault with nothing to recover by would only fail every measured repetition.
            foreach (var experiment in loaded.Where(e => request.Recovery.MaxRestartsOf(e) == 0 && !e.Workloads.Any(w => w.Trainer.IsForeign)))
            {
                errors.Add(new ValidationError("--inject-faults", "value", $"'{request.InjectFaults}' with {experiment.Name}'s restart budget of 0",
                    $"a budget of 1 or more to recover with: pass --max-restarts 1 (or set maxRestarts in {experiment.File})"));
            }
            if (errors.Count > 0) throw new ExperimentValidationException(errors);
        }
        var cluster = LoadCluster(request, loaded, machine);
        if (cluster.Kind != ClusterKind.Local)
        {
            SweepValidator.CheckNodeCounts(loaded, cluster.NodeNames.Count, cluster.Name, errors);
            if (errors.Count > 0) throw new ExperimentValidationException(errors);
        }
        var notes = new List<string>();
        if (cluster.Kind != ClusterKind.Local && request.ModesFromPreset && request.Modes.Contains(Mode.ContainerBridge))
        {
            request = request with { Modes = [.. request.Modes.Where(m => m != Mode.ContainerBridge)] };
            notes.Add($"--modes {ModeList.AttributionPreset} on the cluster {cluster.Name}: {string.Join(", ", request.Modes.Select(m => m.ToName()))}; " +
                $"container-bridge is left out (a bridge network does not span hosts; container-host separates the overlay)");
        }
        if (cluster.Kind != ClusterKind.Local && request.Modes.Contains(Mode.ContainerBridge))
        {
            throw new ExperimentValidationException([new ValidationError("--modes", "value", $"'{Mode.ContainerBridge.ToName()}' on the cluster {cluster.Name}",
                "container-bridge on the local cluster only: a bridge network does not span hosts (on a cluster, container-host separates the overlay)")]);
        }
        if (request.Modes.Contains(Mode.ContainerBridge))
        {
            foreach (var experiment in loaded.Where(e => e.Workloads.Any(w => w.Trainer.IsForeign)))
            {
                errors.Add(new ValidationError("--modes", "value", $"'{Mode.ContainerBridge.ToName()}' with {experiment.Name}'s foreign trainer",
                    "native, container or container-host for a foreign trainer (container-bridge " +
                        "runs our trainer only); pass --modes native,container,container-host"));
            }
        }
        if (faults != FaultInjection.None)
        {
            foreach (var experiment in loaded.Where(e => e.Workloads.Any(w => w.Trainer.IsForeign)))
            {
                errors.Add(new ValidationError("--inject-faults", "value", $"'{request.InjectFaults}' with {experiment.Name}'s foreign trainer",
                    "none: a foreign trainer is not restarted (restarts resume from our trainer's checkpoints)"));
            }
        }
        if (request.MaxRestarts is > 0)
        {
            foreach (var experiment in loaded.Where(e => e.Workloads.Any(w => w.Trainer.IsForeign)))
            {
                errors.Add(new ValidationError("--max-restarts", "value", $"{request.MaxRestarts} with {experiment.Name}'s foreign trainer",
                    "0 or leave it out: a foreign trainer is not restarted"));
            }
        }
        if (errors.Count > 0) throw new ExperimentValidationException(errors);
        var experiments = new List<Experiment>();
        foreach (var experiment in loaded)
        {
            var placed = NodePlan.Place(experiment, cluster, errors);
            if (cluster.Kind != ClusterKind.Local)
            {
                for (var i = 0; i < placed.Workloads.Count; i++)
                {
                    if (Execution.TrainerArguments.HostDataDirectory(placed.Workloads[i]) is not null)
                    {
                        errors.Add(new ValidationError(experiment.File, $"workloads[{i}].dataset", $"'{placed.Workloads[i].Dataset}'",
                            $"a data set the runtime rootfs ships ({string.Join(", ", Datasets.Known.Keys)}) " +
                                $"on the cluster {cluster.Name}: a folder of this host is not on its nodes"));
                    }
                }
            }

            if (errors.Count > 0) continue;
            var (fitted, note) = CpuBudget.Fit(placed, cluster, machine.Cores, request.CpuPolicy);
            if (note is not null) notes.Add(note);
            experiments.Add(fitted);
        }
        if (faults == FaultInjection.StopNode) errors.AddRange(StopNodeCheck.Errors(cluster, experiments));
        if (errors.Count > 0) throw new ExperimentValidationException(errors);
        var precision = PrecisionPlan.Create(experiments, request.Precision, request.TimeBudgetMinutes, request.Repetitions, errors);
        if (errors.Count > 0) throw new ExperimentValidationException(errors);
        var plan = RunPlan.Create(experiments, request.Modes, request.Repetitions, request.Warmups, request.WarmupEpochs == 0 ? null
            : request.WarmupEpochs) with { Precision = precision };
        return new PreparedRun(request, cluster, experiments, plan, notes);
    }

    /// <summary>--cluster when given; else the cluster the experiments name (they must agree); else this host alone.</summary>
    private static ClusterDefinition LoadCluster(RunRequest request, IReadOnlyList<Experiment> experiments, MachineLimits machine)
    {
        var name = request.Cluster;
        if (name.Length == 0)
        {
            var named = experiments.Select(e => e.Cluster ?? ClusterDefinition.Local.Name).Distinct().ToList();
            if (named.Count > 1)
            {
                throw new ExperimentValidationException([new ValidationError("--experiments", "cluster",
                    string.Join(", ", experiments.Select(e => $"{e.Name}: {e.Cluster ?? ClusterDefinition.Local.Name}")),
                    "experiments of one run on one cluster; run them separately, or pass --cluster to run them all on one")]);
            }

            name = named.FirstOrDefault() ?? ClusterDefinition.Local.Name;
        }
        try
        {
            return ClusterLoader.Load(request.ClustersDirectory, name, machine);
        }
        catch (ClusterValidationException e)
        {
            throw new ExperimentValidationException(e.Errors);
        }
    }
}
