using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>The tables of one scenario: repetitions, training time, per-node epochs, step split, resources.</summary>
public static class ScenarioTables
{
    public static ReportTable Repetitions(ScenarioSummary s)
    {
        var headers = new List<string> { "Mode", "Repetition", "Warm-up", "Status" };
        headers.AddRange(s.WorkloadNames.Select(w => $"{w} time (s)"));
        headers.AddRange(["Scenario time (s)", "Counted", "Note"]);
        var table = new TableBuilder($"{s.Name}-repetitions", $"{s.Name}: every repetition", headers.ToArray());
        foreach (var r in s.Repetitions.OrderBy(r => r.Mode).ThenBy(r => r.Index))
        {
            var cells = new List<string> { r.Mode.ToName(), Format.Int(r.Index), r.IsWarmup ? "yes" : "no", StateWords(r) };
            cells.AddRange(s.WorkloadNames.Select(w => Format.Seconds(r.WorkloadSeconds.GetValueOrDefault(w))));
            cells.Add(Format.Seconds(r.ScenarioSeconds));
            cells.Add(r.IsMeasured ? "yes" : "no");
            cells.Add(r.IsWarmup && r.State == RepetitionState.Succeeded ? "warm-up, excluded"
                : r.RestartedExcluded ? "restarted, excluded (Report --include-restarted counts it)"
                : r.Error ?? "");
            table.Row(cells.ToArray());
        }
        return table.Build("A workload's time is its slowest worker's total; only succeeded, non-warm-up repetitions are counted." +
            (s.Repetitions.Any(r => r.Restarts > 0)
                ? " A repetition that succeeded after restarts is counted only with Report --include-restarted (its time holds a recovery)." : ""));
    }

    /// <summary>"succeeded", "succeeded after 1 restart", "missing", ...</summary>
    private static string StateWords(RepetitionResult r)
    {
        var state = r.State.ToString().ToLowerInvariant();
        return r.Restarts == 0 ? state : $"{state} after {Format.Int(r.Restarts)} restart{(r.Restarts == 1 ? "" : "s")}";
    }

    public static ReportTable TrainingTime(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-training-time", $"{s.Name}: total training time per mode",
            "Mode", "n", "Mean (s)", "Median (s)", "SD (s)", "Min (s)", "Max (s)");
        foreach (var mode in s.Modes)
        {
            var t = s.TrainingSeconds[mode];
            table.Row(mode.ToName(), Format.Int(t?.N ?? 0), Format.Seconds(t?.Mean), Format.Seconds(t?.Median),
                Format.Seconds(t?.StandardDeviation), Format.Seconds(t?.Min), Format.Seconds(t?.Max));
        }
        return table.Build();
    }

    /// <summary>The thesis's layout: one row per epoch, "Time(s)/Step(ms)" per node, native beside container.</summary>
    public static ReportTable Epochs(ScenarioSummary s, WorkloadSummary w)
    {
        var ranks = w.EpochCells.Select(c => c.Rank).Distinct().Order().ToList();
        var headers = new List<string> { "Epoch" };
        string Column(int rank) => w.RankNodes.TryGetValue(rank, out var node) ? node : $"Node {rank + 1}";
        foreach (var mode in s.Modes)
            headers.AddRange(ranks.Select(r => $"{mode.ToName()} {Column(r)} Time(s)/Step(ms)"));
        var table = new TableBuilder($"{s.Name}-{w.Name}-epochs", $"{s.Name} / {w.Name}: per-node epoch time and step time", headers.ToArray());
        var byKey = w.EpochCells.ToDictionary(c => (c.Mode, c.Epoch, c.Rank));
        foreach (var epoch in w.EpochCells.Select(c => c.Epoch).Distinct().Order())
        {
            var cells = new List<string> { Format.Int(epoch) };
            foreach (var mode in s.Modes)
            {
                cells.AddRange(ranks.Select(r => byKey.TryGetValue((mode, epoch, r), out var c)
                    ? $"{Format.Seconds(c.Seconds)}/{Format.Ms(c.MsPerStep)}"
                    : Format.None));
            }

            table.Row(cells.ToArray());
        }
        var n = s.Modes.Select(m => $"{m.ToName()} n = {w.EpochCells.Where(c => c.Mode == m).Select(c => c.N).DefaultIfEmpty(0).Min()}");
        var columns = w.RankNodes.Count > 0
            ? "each column is the node a rank ran on (" + string.Join(", ", w.RankNodes.OrderBy(p => p.Key).Select(p => $"rank {p.Key} on {p.Value}")) + ")"
            : "Node k is worker rank k − 1";
        return table.Build($"Medians over measured repetitions ({string.Join(", ", n)}); {columns}.");
    }

    /// <summary>The thesis's table for the same scenario, as printed; null for scenarios it did not tabulate.</summary>
    public static ReportTable? ThesisEpochs(ScenarioSummary s)
    {
        if (s.Name != ThesisEpochTable.Scenario)
            return null;
        var table = new TableBuilder($"{s.Name}-thesis-epochs", $"{s.Name}: the thesis's own per-node table, for comparison",
            "Epoch", "bare metal Node 1 Time(s)/Step(ms)", "bare metal Node 2 Time(s)/Step(ms)", "bare metal Node 3 Time(s)/Step(ms)",
            "container Node 1 Time(s)/Step(ms)", "container Node 2 Time(s)/Step(ms)", "container Node 3 Time(s)/Step(ms)");
        foreach (var row in ThesisEpochTable.Rows)
            table.Row(row);
        return table.Build("From the 2021 thesis: 3 VMs of 2 vCPU, 12 epochs of 70 steps, 5 runs averaged, whole seconds.");
    }

    public static ReportTable StepSplit(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-step-split", $"{s.Name}: where a step's time goes",
            "Workload", "Mode", "Compute (ms)", "All-reduce (ms)", "Other (ms)", "Step (ms)", "All-reduce share");
        foreach (var w in s.Workloads)
        {
            foreach (var mode in s.Modes)
            {
                var split = w.StepSplit[mode];
                table.Row(w.Name, mode.ToName(), Format.Ms(split?.ComputeMs), Format.Ms(split?.AllReduceMs), Format.Ms(split?.OtherMs),
                    Format.Ms(split?.StepMs), split is null || split.StepMs <= 0 ? Format.None : Format.Number(100 * split.AllReduceMs / split.StepMs) + " %");
            }
        }

        return table.Build("Means over every epoch of every node and measured repetition, so the parts add up to the step.");
    }

    public static ReportTable Attribution(ScenarioSummary s, Summary.Attribution a)
    {
        var table = new TableBuilder($"{s.Name}-attribution", $"{s.Name}: where the container overhead comes from",
            "Layer", "What it holds", "Overhead", "95 % CI", "n", "Reading");
        foreach (var part in a.Parts)
        {
            table.Row(part.Name, part.What, part.Estimate is { } o ? Format.Percent(o.Percent) : Format.None,
                part.Estimate is { } e ? Format.OverheadInterval(e) : Format.None, part.Estimate is { } n ? Format.Int(n.N) : "0", Reading(part.Estimate));
        }
        table.Row("total", "the thesis's containers over native", a.Total is { } t ? Format.Percent(t.Percent) : Format.None,
            a.Total is { } u ? Format.OverheadInterval(u) : Format.None, a.Total is { } m ? Format.Int(m.N) : "0", Reading(a.Total));
        return table.Build($"Paired within the {a.Rounds} interleaving round(s) where every " +
            $"mode succeeded: geometric means of the per-pair ratios, 95 % Student t over " +
            "the pairs' log ratios, so the layers multiply to the total exactly ((1 + a)(1 + " +
                "b) = 1 + total). The step split per mode is in the step-split table below.");
    }

    private static string Reading(Stats.Overhead? o) => o?.PercentInterval switch
    {
        null => "n too small to tell",
        { } i when i.Contains(0) => "its interval holds 0: this run cannot tell it from nothing",
        { } i when i.Low > 0 => "costs time",
        _ => "saves time",
    };

    public static ReportTable Startup(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-startup", $"{s.Name}: from launch to exit",
            "Mode", "n", "Until every worker runs (s)", "Until the ring is formed (s)", "Until the first step (s)", "Start-up (s)", "Training (s)",
                "Until every worker exited (s)", "End to end (s)");
        foreach (var mode in s.Modes)
        {
            if (s.Startup[mode] is not { } t) continue;
            var m = t.Median;
            table.Row(mode.ToName(), Format.Int(t.N), Format.Seconds(m.ToRunning), Format.Seconds(m.ToRing), Format.Seconds(m.ToFirstStep),
                Format.Seconds(m.Startup),
                Format.Seconds(m.Training), Format.Seconds(m.ToExit), Format.Seconds(m.EndToEnd));
        }
        return table.Build("Medians over measured repetitions, each column on its own (so " +
            "they need not add up). Launch: the runner starts the workload (services or " +
            "processes not yet made); running: every worker's process started; ring: every " +
                "worker joined the ring; first step: every worker finished its first step; " +
            "training: first step to last (the thesis's measure); exit: the runner saw every worker " +
                "end (a container's exit awaited on its node's engine). Worker times come " +
            "from each worker's clock: on real hosts they are as good as the hosts' clock synchronisation.");
    }

    public static ReportTable EpochOverhead(string scenario, IReadOnlyList<WorkloadSummary> workloads)
    {
        var table = new TableBuilder($"{scenario}-epoch-overhead", $"{scenario}: container overhead per epoch",
            "Workload", "Epoch", "Pairs", "Overhead (%)", "95 % low (%)", "95 % high (%)");
        foreach (var w in workloads)
        {
            foreach (var e in w.EpochOverheads)
            {
                var interval = e.Overhead.PercentInterval;
                table.Row(w.Name, Format.Int(e.Epoch), Format.Int(e.Overhead.N), Format.Number(e.Overhead.Percent, "+0.0;-0.0;0.0"),
                    Format.Number(interval?.Low, "+0.0;-0.0;0.0"), Format.Number(interval?.High, "+0.0;-0.0;0.0"));
            }
        }
        return table.Build("Each epoch's step time (ms/step, the median over ranks) in " +
            "containers over native, paired by round as the headline is: the geometric mean " +
            "of the pairs' ratios with a 95 % Student t interval (none from a single pair). " +
                "An overhead only in the first epochs is start-up, not a steady cost; one " +
            "that stays is what containers cost every step.");
    }

    public static ReportTable NodeTotals(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-node-totals", $"{s.Name}: whole nodes",
            "Mode", "Repetition", "Node", "Mean CPU (%)", "Peak memory (MB)", "Mean LAN receive (MB/s)", "Mean LAN send (MB/s)");
        foreach (var mode in s.Modes)
        {
            if (s.NodeTotals[mode] is not { } series) continue;
            foreach (var node in series.Nodes)
            {
                table.Row(mode.ToName(), Format.Int(series.Repetition), node.Node, Format.Number(node.MeanCpuPercent), Format.Number(node.PeakMemoryMegabytes),
                    Format.Number(node.ReceiveMegabytesPerSecond, "0.00"), Format.Number(node.SendMegabytesPerSecond, "0.00"));
            }
        }
        return table.Build("From nodes.csv of the first measured repetition of each mode: " +
            "everything on the node (workers, engine, sshd), CPU in % of one core " +
            "from the node's cgroup, memory its cgroup's usage (page cache included), traffic on its LAN interface only.");
    }

    public static ReportTable Resources(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-resources", $"{s.Name}: resource use per node",
            "Mode", "Repetition", "Node", "Mean CPU (%)", "Peak memory (MB)", "Mean receive (MB/s)", "Mean send (MB/s)");
        foreach (var mode in s.Modes)
        {
            var series = s.Resources[mode];
            if (series is null)
                continue;
            foreach (var node in series.Samples.GroupBy(x => x.Node).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                table.Row(mode.ToName(), Format.Int(series.Repetition), node.Key,
                    Format.Number(node.Average(x => x.CpuPercent)), Format.Number(node.Max(x => x.MemoryMegabytes)),
                    Format.Number(node.Average(x => x.ReceiveMegabytesPerSecond)), Format.Number(node.Average(x => x.SendMegabytesPerSecond)));
            }
        }
        return table.Build("From metrics.csv of the first measured repetition of each " +
            "mode, summed over the node's workers, the same quantities in both modes: " +
            "CPU in % of one core from cgroup CPU accounting, anonymous resident memory (page cache excluded), and the all-reduce payload from the trainer's " +
            "own counters (updated once an epoch: each epoch's bytes are spread over the time since the previous update). " +
                "Containers' interface bytes (wire) are in metrics.csv beside them. A missing sample is –, never 0.");
    }

    /// <summary>Every restart: the failure, where the workload resumed, the steps trained twice, the recovery time, the weights it ended with.</summary>
    public static ReportTable Recovery(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-recovery", $"{s.Name}: recovery after failed workers",
            "Mode", "Repetition", "Workload", "Restart", "Failed worker", "Cause", "Step", "Resumed after epoch", "Steps lost", "Recovery (s)", "Outcome",
                "Final weights", "Uninterrupted weights", "Same");
        foreach (var r in s.Recovery.OrderBy(r => r.Mode).ThenBy(r => r.Repetition).ThenBy(r => r.Workload).ThenBy(r => r.Attempt))
        {
            table.Row(r.Mode.ToName(), Format.Int(r.Repetition) + (r.Warmup ? " (warm-up)" : ""), r.Workload, Format.Int(r.Attempt),
                r.FailedRank < 0 ? Format.None : $"rank {Format.Int(r.FailedRank)}{(r.FailedNode.Length > 0 ? $" on {r.FailedNode}" : "")}",
                r.Cause + (r.Injected ? " (injected)" : ""), r.Step is { } step ? Format.Int(step) : Format.None,
                r.ResumedFromEpoch is { } epoch ? Format.Int(epoch) : "none (from scratch)",
                r.StepsLost is { } lost ? (r.StepsLostIsLowerBound ? ">= " : "") + Format.Int(lost) : Format.None,
                Format.Seconds(r.RecoverySeconds), r.Outcome, Short(r.FinalHash), Short(r.UninterruptedHash),
                r.SameWeights is { } same ? (same ? "yes" : "NO") : Format.None);
        }
        return table.Build("Recovery: from the failure being seen (every worker of the attempt ended) to " +
            "the resumed attempt's first step (stop, restart, rendezvous, checkpoint load, one step). " +
            "Steps lost: steps the failed attempt trained past the checkpoint it resumed from. Uninterrupted weights: the chief's final hash in a repetition " +
                "of this run without restarts and of the same length (run with TESTBED_WARMUP_EPOCHS=0 " +
                "for full-length warm-ups, or compare with a run without --inject-faults).");
    }

    private static string Short(string? hash) => hash is null ? Format.None : hash.Length > 19 ? hash[..19] + "…" : hash;

    /// <summary>The tune phase per repetition: the saved and the loaded model's test accuracy (checked equal), then the phase's own time and
    /// accuracy.</summary>
    public static ReportTable Tune(ScenarioSummary s)
    {
        var table = new TableBuilder($"{s.Name}-tune", $"{s.Name}: tune phase (load the chief's final checkpoint, train on)",
            "Mode", "Repetition", "Workload", "Loaded from", "Saved test accuracy", "Loaded test accuracy", "Loaded = saved", "Tune time (s)",
                "Tune test accuracy", "Note");
        foreach (var r in s.Tune.OrderBy(r => r.Mode).ThenBy(r => r.Repetition).ThenBy(r => r.Workload))
        {
            table.Row(r.Mode.ToName(), Format.Int(r.Repetition) + (r.Warmup ? " (warm-up)" : ""), r.Workload, r.Checkpoint.Length > 0 ? r.Checkpoint
                : Format.None,
                Format.Number(r.SavedAccuracy, "0.0000"), Format.Number(r.LoadedAccuracy, "0.0000"),
                r.LoadedAsSaved is { } same ? (same ? "yes" : "NO") : Format.None,
                Format.Seconds(r.Seconds), Format.Number(r.Accuracy, "0.0000"), r.Error ?? (r.Counted ? "" : "not counted"));
        }
        return table.Build("Saved: the training phase's final test accuracy (chief); loaded: the tune phase's chief scoring the " +
            "checkpoint it loaded before its first step. The tune time is the slowest worker's, never part of the training time.");
    }
}
