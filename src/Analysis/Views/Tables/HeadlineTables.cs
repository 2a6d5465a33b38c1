using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tables;

/// <summary>The run at a glance: overhead per scenario beside the thesis's, accuracy, weights.</summary>
public static class HeadlineTables
{
    public static ReportTable Headline(RunSummary run)
    {
        var table = new TableBuilder("headline", "Headline: container overhead over native, ours beside the thesis's",
            "Scenario", "Measure", "Native (s or ms)", "Container (s or ms)", "Overhead", "95 % CI", "n", "Method", "Precision", "Thesis overhead");
        foreach (var s in run.Scenarios)
        {
            var thesis = s.Thesis is null ? Format.None
                : $"{Format.Percent(s.Thesis.Percent)} ({Format.Number(s.Thesis.NativeSeconds, "0")} s " +
                $"vs {Format.Number(s.Thesis.ContainerSeconds, "0")} s: {s.Thesis.Claim})";
            Row(table, s.Name, "training time (s)", Format.Seconds(s.TrainingSeconds.Native?.Mean), Format.Seconds(s.TrainingSeconds.Container?.Mean),
                s.Overhead, thesis, PrecisionText(s));
            if (s.Overhead?.Method == Overhead.PairedMethod)
                Row(table, s.Name, "training time (s)", "", "", s.UnpairedOverhead, "");
            Row(table, s.Name, "steady step (ms, epochs 2..N)", "", "", s.StepOverhead, "");
            if (s.EndToEndOverhead is not null)
            {
                Row(table, s.Name, "end to end (s, launch to exit)", Format.Seconds(s.Startup.Native?.Median.EndToEnd),
                    Format.Seconds(s.Startup.Container?.Median.EndToEnd), s.EndToEndOverhead, "");
            }
            if (s.StartupDifference is { } d)
            {
                var interval = d.Interval is { } i && d.Quality != IntervalQuality.TooFew
                    ? $"[{Format.SignedSeconds(i.Low)}, " +
                        $"{Format.SignedSeconds(i.High)}]{(d.Quality == IntervalQuality.Unreliable ? $" (unreliable: n = {d.N})" : "")}"
                    : "(n too small for an interval)";
                table.Row(s.Name, "start-up (s, launch to first step)", Format.Seconds(s.Startup.Native?.Median.Startup),
                    Format.Seconds(s.Startup.Container?.Median.Startup),
                    Format.SignedSeconds(d.Seconds), interval, Format.Int(d.N), Overhead.PairedMethod, "", "");
            }
        }
        return table.Build("Training time: the thesis's measure, first step to last (a scenario's " +
            "time is the mean over its workloads; a workload's, its slowest worker's). " +
            "Paired: each container repetition with the native one that ran next to it (the interleaving makes the pairs; drift cancels in their ratio), " +
            "the geometric mean of the pair ratios, 95 % Student t interval over the pairs' " +
                "log ratios (n − 1 degrees of freedom; start-up: over the differences). " +
            "When a run added rounds for a precision target, the paired training time's interval is " +
                "never narrower than Stein's two-stage interval from the pairs of the minimum rounds " +
            "(stopping once an interval looks narrow enough would otherwise make it cover less than 95 " +
                "%). Precision: that interval's half-width, (high − low) / 2 in percentage points, " +
            "beside the target the run asked for and whether it was met. Unpaired: the ratio of the modes' means, " +
            "95 % percentile bootstrap resampling each mode alone (10,000 resamples, fixed seed). " +
                "No interval below 2 repetitions (pairs); at 2 it is marked unreliable. " +
            "End to end: launch to every worker's exit (start-up included); start-up: launch to the " +
                "first step, as container − native seconds (means over medians shown beside). " +
            "The thesis ran 12 epochs on 3 VMs with different software stacks per mode; compare overheads, not seconds.");
    }

    private static void Row(TableBuilder table, string scenario, string measure, string native, string container, Overhead? o, string thesis,
        string precision = "") =>
        table.Row(scenario, measure, native, container,
            o is null ? Format.None : Format.Percent(o.Percent),
            o is null ? Format.None : Format.OverheadInterval(o),
            o is null ? Format.None : Format.Int(o.N),
            o?.Method ?? Format.None,
            precision,
            thesis);

    /// <summary>
    /// The headline's achieved half-width beside the target the run asked for: "±2.7 % (target ±3 %:
    /// met)", "±4.1 % (target ±3 %: not met within the budget; about 9 rounds would reach it at this
    /// spread)"; the half-width alone when the run had no target.
    /// </summary>
    public static string PrecisionText(ScenarioSummary s)
    {
        if (s.Overhead is not { Method: Overhead.PairedMethod, HalfWidthPercent: { } half }) return Format.None;
        var achieved = $"±{Format.Number(half)} %";
        if (s.PrecisionRecord is not { TargetPercent: { } target } record) return achieved;
        var about = s.PairsNeeded is { } needed ? $"about {Format.Int(needed)} rounds would reach it at this spread" : "out of reach at this spread";
        var verdict = record.Stop switch
        {
            _ when !record.Applied => $"not applied: {record.Detail ?? "a fixed count"}",
            PrecisionStop.Met => "met",
            PrecisionStop.Budget => $"not met within the budget; {about}",
            PrecisionStop.Limit => $"not met within the limit of {Format.Int(record.Rounds)} rounds; {about}",
            PrecisionStop.Failing => "not met: repetitions failed (no new pair in the last 2 rounds)",
            _ => $"not judged: the run stopped first; {about}",
        };
        return $"{achieved} (target ±{Format.Number(target, "0.##")} %: {verdict})";
    }

    /// <summary>What a cluster run ran on, and what the network between its nodes offered.</summary>
    public static string ClusterSentence(ClusterEntry cluster)
    {
        var kind = cluster.Kind == "virtual" ? "virtual nodes (containers on one host, each with its own engine, on a bridge network playing the LAN)"
            : "real hosts";
        var host = cluster.Wire.FirstOrDefault(w => w.Path == "host");
        var overlay = cluster.Wire.FirstOrDefault(w => w.Path == "overlay");
        var network = host?.GbitsPerSecond is { } a && overlay?.GbitsPerSecond is { } b && a > 0
            ? $" Between {host.From} and {host.To}: {Gbits(a)} on the hosts' own network, {Gbits(b)} between " +
                $"containers over the overlay ({Format.Percent((b / a - 1) * 100)} on the wire)."
            : "";
        var provisioning = cluster.Provisioning is { } p ? $" Made ready in {Format.Seconds(p.TotalSeconds)} s ({p.Summary()})." : "";
        var tags = cluster.RingTags switch
        {
            true => " Every ring message carried an authentication tag after the handshake (the ring's path leaves the machine).",
            false => " Ring messages carried no authentication tags after the handshake, in every " +
                "mode alike (the ring's path stays on one machine; the handshake is authenticated).",
            null => "",
        };
        return $"The workers ran on {cluster.Nodes.Count} {kind}, one swarm across them; " +
            $"no worker ran on the machine driving the run.{network}{provisioning}{tags}";
    }

    public static ReportTable Cluster(ClusterEntry cluster)
    {
        var table = new TableBuilder("cluster", $"Cluster {cluster.Name}: its nodes",
            "Node", "Address", "CPU share", "Memory (MB)", "Docker", "Idle engine CPU (%)");
        foreach (var node in cluster.Nodes)
        {
            table.Row(node.Name, node.Address, node.Cpus is { } c ? Format.Number(c, "0.##") : Format.None, node.MemoryMb is { } m ? Format.Int(m)
                : Format.None,
                node.DockerVersion, Format.Number(node.IdleEngineCpuPercent, "0.00"));
        }

        return table.Build("CPU share and memory are a virtual node's limits (none for real hosts); " +
            "idle engine CPU is dockerd and containerd while no worker ran, in % of one core.");
    }

    private static string Gbits(double? value) => value is { } v ? $"{Format.Number(v, "0.0")} Gbit/s" : "not measured";

    /// <summary>What each mode's network path allows: throughput and round trip, measured once per run.</summary>
    public static ReportTable Wire(ClusterEntry cluster)
    {
        var table = new TableBuilder("wire", "The network paths the workers talked over",
            "Path", "Modes", "From", "To", "Throughput (Gbit/s)", "Round trip, median (us)", "Round trip, p90 (us)", "Problem");
        foreach (var path in cluster.Wire)
        {
            table.Row(path.Path, string.Join(", ", path.Modes), path.From, path.To, Format.Number(path.GbitsPerSecond, "0.00"),
                Format.Number(path.RttMedianMicroseconds, "0"), Format.Number(path.RttP90Microseconds, "0"), path.Problem ?? "");
        }
        return table.Build("Measured once before the first repetition with the runtime " +
            "rootfs's own tools in throw-away containers: iperf3 (one TCP stream, 3 s) " +
            "and the trainer's ping-pong (64-byte messages, Nagle off, 2,000 round trips). " +
                "host: the hosts' own network stack (native and container-host workers); " +
            "bridge: two containers on a bridge network; overlay: two containers on an overlay " +
                "network. Compare a step's all-reduce time with what its path allows.");
    }

    public static ReportTable Accuracy(RunSummary run)
    {
        var table = new TableBuilder("accuracy", "Final accuracy per mode and whether the weights matched",
            "Scenario", "Native train accuracy", "Native test accuracy", "Container train accuracy", "Container test accuracy", "Weights match", "Weights");
        foreach (var s in run.Scenarios)
        {
            table.Row(s.Name,
                Format.Fraction(s.Accuracy[Mode.Native].TrainAccuracy), Format.Fraction(s.Accuracy[Mode.Native].TestAccuracy),
                Format.Fraction(s.Accuracy[Mode.Container].TrainAccuracy), Format.Fraction(s.Accuracy[Mode.Container].TestAccuracy),
                s.Weights.Match switch { true => "yes", false => "NO", null => "n/a" },
                s.Weights.Detail);
        }
        return table.Build("Medians over measured repetitions: last-epoch training accuracy (averaged over ranks) and the chief's test accuracy. " +
            "With the same seed both modes should end with bit-identical weights.");
    }

    public static ReportTable Overheads(RunSummary run)
    {
        var table = new TableBuilder("overhead", "Container overhead per scenario and workload",
            "Scenario", "Workload", "Native mean (s)", "Container mean (s)", "Ratio", "Overhead", "95 % CI", "n native", "n container");
        foreach (var s in run.Scenarios)
        {
            var rows = s.Workloads.Count > 1
                ? s.Workloads.Select(w => (w.Name, w.TrainingSeconds, w.Overhead)).Append(("all (mean)", s.TrainingSeconds, s.Overhead))
                : [(s.Workloads.FirstOrDefault()?.Name ?? "all", s.TrainingSeconds, s.Overhead)];
            foreach (var (name, seconds, o) in rows)
            {
                table.Row(s.Name, name, Format.Seconds(seconds.Native?.Mean), Format.Seconds(seconds.Container?.Mean),
                    o is null ? Format.None : Format.Ratio(o.Ratio),
                    o is null ? Format.None : Format.Percent(o.Percent),
                    o is null ? Format.None : Format.OverheadInterval(o),
                    Format.Int(seconds.Native?.N ?? 0), Format.Int(seconds.Container?.N ?? 0));
            }
        }
        return table.Build();
    }

    public static ReportTable Environment(RunSummary run)
    {
        var table = new TableBuilder("environment", "Environment (from manifest.json)", "Key", "Value");
        foreach (var e in run.Environment)
            table.Row(e.Key, e.Value);
        return table.Build();
    }
}
