using Plotly.NET;
using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Charts;

/// <summary>The charts of one scenario, after the thesis's figures.</summary>
public static class ScenarioCharts
{
    /// <summary>Mean training time per workload and mode, ± one SD over repetitions (thesis figs 22, 28, 30, 32).</summary>
    public static ReportChart TrainingTime(ScenarioSummary s)
    {
        var traces = s.Modes.Select(mode =>
        {
            var stats = s.Workloads.Select(w => w.TrainingSeconds[mode]).ToList();
            var n = stats.Select(t => t?.N ?? 0).DefaultIfEmpty(0).Min();
            return Plot.Bars($"{mode.ToName()} (n = {n})", s.Workloads.Select(w => w.Name),
                stats.Select(t => t?.Mean ?? 0), stats.Select(t => t?.StandardDeviation ?? 0), Plot.Colour(mode));
        });
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: training time per workload", "workload", "mean training time (s)", 900, 500);
        return new ReportChart($"{s.Name}-training-time", $"{s.Name}: training time per workload and mode",
            "Mean over measured repetitions, error bars ± 1 SD; after the thesis's figures 22, 28, 30 and 32.", chart);
    }

    /// <summary>ms/step per epoch and mode, per workload (thesis figs 23, 29, 31, 33).</summary>
    public static ReportChart StepResponse(ScenarioSummary s)
    {
        var traces = new List<GenericChart>();
        for (var i = 0; i < s.Workloads.Count; i++)
        {
            foreach (var mode in s.Modes)
            {
                var w = s.Workloads[i];
                var points = w.StepResponse.Where(p => p.Mode == mode).OrderBy(p => p.Epoch).ToList();
                if (points.Count == 0)
                    continue;
                var name = s.Workloads.Count > 1 ? $"{w.Name} {mode.ToName()}" : mode.ToName();
                                // Epochs as categories: a numeric axis would put ticks at epoch 1.5.
                traces.Add(Plot.Lines(name, points.Select(p => Format.Int(p.Epoch)), points.Select(p => p.MsPerStep), Plot.Colour(mode),
                    dashed: i > 0));
            }
        }

        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: step response", "epoch", "step time (ms/step)", 900, 500);
        return new ReportChart($"{s.Name}-step-response", $"{s.Name}: step response (ms/step per epoch)",
            "Median over nodes and measured repetitions; after the thesis's figures 23, 29, 31 and 33.", chart);
    }

    /// <summary>Container over native per epoch, with its 95 % interval: start-up or steady cost.</summary>
    public static ReportChart EpochOverhead(ScenarioSummary s)
    {
        var traces = s.Workloads.Where(w => w.EpochOverheads.Count > 0).Select((w, i) =>
        {
            var points = w.EpochOverheads;
            // Epochs as categories: a numeric axis would put ticks at epoch 1.5.
            var line = Plot.Lines(s.Workloads.Count > 1 ? w.Name : "container over native", points.Select(p => Format.Int(p.Epoch)),
                points.Select(p => p.Overhead.Percent),
                Plot.Colour(Mode.Container), dashed: i > 0);
            return Plot.WithYInterval(line,
                points.Select(p => p.Overhead.PercentInterval is { } c ? c.High - p.Overhead.Percent : 0),
                points.Select(p => p.Overhead.PercentInterval is { } c ? p.Overhead.Percent - c.Low : 0));
        });
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: container overhead per epoch", "epoch", "step time, container over native (%)", 900, 500);
        return new ReportChart($"{s.Name}-epoch-overhead", $"{s.Name}: container overhead per epoch (step time)",
            "Paired by round, 95 % interval as error bars. Only the first epochs above the rest: start-up, not a steady cost.", chart);
    }

    /// <summary>A step split into compute, all-reduce and the rest, per workload and mode.</summary>
    public static ReportChart StepSplit(ScenarioSummary s)
    {
        var keys = s.Workloads.SelectMany(w => s.Modes.Select(m => $"{w.Name} {m.ToName()}")).ToList();
        StepSplit? Split(string key)
        {
            var parts = key.Split(' ');
            var mode = parts[1] == Mode.Native.ToName() ? Mode.Native : Mode.Container;
            return s.Workloads.First(w => w.Name == parts[0]).StepSplit[mode];
        }
        var traces = new[]
        {
            Plot.StackedBars("compute", keys, keys.Select(k => Split(k)?.ComputeMs ?? 0)),
            Plot.StackedBars("all-reduce", keys, keys.Select(k => Split(k)?.AllReduceMs ?? 0)),
            Plot.StackedBars("other", keys, keys.Select(k => Split(k)?.OtherMs ?? 0)),
        };
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: where a step's time goes", "workload and mode", "mean time per step (ms)", 900, 500);
        return new ReportChart($"{s.Name}-step-split", $"{s.Name}: step split (compute / all-reduce / other)",
            "Means over every epoch, node and measured repetition.", chart);
    }

    /// <summary>The overhead built up layer by layer (each bar starts where the one before ended), then the total.</summary>
    public static ReportChart Attribution(ScenarioSummary s, Summary.Attribution attribution)
    {
        var traces = new List<GenericChart>();
        double cumulative = 1;
        foreach (var part in attribution.Parts.Where(p => p.Estimate is not null))
        {
            var ratio = part.Estimate!.Ratio;
            var start = (cumulative - 1) * 100;
            var step = cumulative * (ratio - 1) * 100;
            var half = part.Estimate.PercentInterval is { } i ? cumulative * (i.High - i.Low) / 2 : 0;
            traces.Add(Plot.FloatingBar(part.Name, part.Name, start, step, half, Plot.Colour(part.To)));
            cumulative *= ratio;
        }
        if (attribution.Total is { } total)
        {
            var half = total.PercentInterval is { } i ? (i.High - i.Low) / 2 : 0;
            traces.Add(Plot.FloatingBar("total", "total (container over native)", 0, total.Percent, half, "#7f7f7f"));
        }
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: where the container overhead comes from", "layer", "% of native training time", 800, 450);
        return new ReportChart($"{s.Name}-attribution", $"{s.Name}: the overhead, layer by layer",
            "Each layer starts where the one before ended; error bars are half the layer's 95 % interval. The layers multiply to the total.", chart);
    }

    /// <summary>Every repetition's training time in the order they ran, one series per mode: drift and outliers at a glance.</summary>
    public static ReportChart Drift(ScenarioSummary s)
    {
        var traces = s.Modes.Select(mode =>
        {
            var points = s.Repetitions.Where(r => r.Mode == mode && r.ScenarioSeconds is not null && r.RunOrder is not null).OrderBy(r => r.RunOrder).ToList();
            return Plot.Lines(mode.ToName(), points.Select(r => r.RunOrder!.Value), points.Select(r => r.ScenarioSeconds!.Value), Plot.Colour(mode),
                markers: true);
        });
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: every repetition in run order", "run order", "training time (s)", 800, 420);
        return new ReportChart($"{s.Name}-drift", $"{s.Name}: repetitions in run order",
            "Warm-ups included (the first point of each mode); a slope shows the machine drifting, a lone point an outlier.", chart);
    }

    /// <summary>Launch to first step, phase by phase, per mode (medians over measured repetitions).</summary>
    public static ReportChart Startup(ScenarioSummary s)
    {
        var modes = s.Modes.Where(m => s.Startup[m] is not null).ToList();
        var keys = modes.Select(m => m.ToName()).ToList();
        double Phase(Mode m, Func<Timeline, double> select) => s.Startup[m] is { } t ? select(t.Median) : 0;
        var traces = new[]
        {
            Plot.StackedBars("until every worker runs", keys, modes.Select(m => Phase(m, t => t.ToRunning))),
            Plot.StackedBars("until the ring is formed", keys, modes.Select(m => Phase(m, t => t.ToRing))),
            Plot.StackedBars("until the first step is done", keys, modes.Select(m => Phase(m, t => t.ToFirstStep))),
        };
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: start-up, launch to first step", "mode", "seconds (median over measured repetitions)", 700,
            450);
        return new ReportChart($"{s.Name}-startup", $"{s.Name}: start-up per mode", "Medians of each phase over the measured repetitions.", chart);
    }

    /// <summary>CPU, memory and network per node over one repetition of one mode.</summary>
    public static ReportChart Resources(ScenarioSummary s, Mode mode, ResourceSeries series)
    {
        var nodes = series.Samples.GroupBy(x => x.Node).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        static string NodeColour(int i) => new[] { "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf" }[i % 6];
        // One legend entry per node: only the first panel's lines carry it.
        // A missing value is left out of its line (the line bridges it), never drawn as 0.
        GenericChart Panel(Func<NodeSample, double?> select, bool legend) => Plot.Combine(nodes.Select(g =>
        {
            var points = g.Where(x => select(x) is not null).ToList();
            return Plot.Lines(g.Key, points.Select(x => x.ElapsedSeconds), points.Select(x => select(x)!.Value), NodeColour(nodes.IndexOf(g)), markers: false,
                legend: legend);
        }));
        var grid = Plotly.NET.CSharp.Chart.Grid(
            [Panel(x => x.CpuPercent, true), Panel(x => x.MemoryMegabytes, false), Panel(x => x.ReceiveMegabytesPerSecond + x.SendMegabytesPerSecond, false)],
            nRows: 3, nCols: 1,
            SubPlotTitles: new[] { "CPU (% of one core) over elapsed seconds", "memory (MB)", "network, received + sent (MB/s)" });
        var chart = Plot.Titled(grid, $"{s.Name}: resource use per node, {mode.ToName()} repetition {series.Repetition}", null, null, 900, 800);
        return new ReportChart($"{s.Name}-resources-{mode.ToName()}", $"{s.Name}: resource use per node ({mode.ToName()})",
            $"From metrics.csv of {mode.ToName()} repetition {series.Repetition} (the first measured one), summed over each node's workers.",
            chart, height: 800);
    }

    /// <summary>Each restart's recovery time, per mode: the time a failure costs beyond the steps trained again.</summary>
    public static ReportChart Recovery(ScenarioSummary s)
    {
        var traces = s.Modes.Select(mode =>
        {
            var rows = s.Recovery.Where(r => r.Mode == mode && r.RecoverySeconds is not null).OrderBy(r => r.Repetition).ThenBy(r => r.Attempt).ToList();
            return Plot.Bars($"{mode.ToName()} (n = {rows.Count})", rows.Select(r => $"rep-{Format.Int(r.Repetition)} {r.Workload} #{Format.Int(r.Attempt)}"),
                rows.Select(r => r.RecoverySeconds!.Value), colour: Plot.Colour(mode));
        });
        var chart = Plot.Titled(Plot.Combine(traces), $"{s.Name}: recovery time per restart", "repetition, workload and restart", "recovery (s)", 900, 500);
        return new ReportChart($"{s.Name}-recovery", $"{s.Name}: recovery time per restart and mode",
            "From the failure being seen to the resumed attempt's first step; the recovery table has the steps lost and the weights.", chart);
    }
}
