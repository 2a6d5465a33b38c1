using MathNet.Numerics.Statistics;
using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Model;

/// <summary>An estimate with its 95 % band over the bootstrap replicates (null band: too few rounds to resample).</summary>
public sealed record Estimate(double Value, Interval? Band)
{
    internal static Estimate Of(double value, IEnumerable<double> replicates)
    {
        var values = replicates.Where(double.IsFinite).ToArray();
        return new Estimate(value, values.Length < 20 ? null
            : new Interval(values.QuantileCustom(0.025, QuantileDefinition.R7), values.QuantileCustom(0.975, QuantileDefinition.R7)));
    }
}

/// <summary>
/// One mode at one size: ms/step, the weak-scaling efficiency (one worker's step over N workers'
/// step, the batch per worker fixed) and, for modes other than native, the overhead against native
/// (step / native step - 1, in percent), each with its band.
/// </summary>
public sealed record ModePrediction(Mode Mode, int Nodes, int? Batch, double GradientBytes, Estimate MsPerStep, Estimate Efficiency, Estimate? OverheadPercent);

public static class Predictor
{
    /// <param name="gradientBytes">Null: the mode's measured gradient.</param>
    public static IReadOnlyList<ModePrediction> Predict(CostModel model, int nodes, int? batch, double? gradientBytes, Network network)
    {
        var result = new List<ModePrediction>();
        foreach (var mode in ModeNames.All.Where(model.Modes.ContainsKey))
        {
            var bytes = gradientBytes ?? model.Modes[mode].GradientBytes;
            double? Step(IReadOnlyDictionary<Mode, ModeCost> fits, Mode m, int n)
            {
                if (!fits.TryGetValue(m, out var cost)) return null;
                if (!network.IsMeasured)
                {
                    // A stated network is stated for the native path; other modes keep their measured difference to it.
                    if (!fits.TryGetValue(Mode.Native, out var native)) return null;
                    cost = cost.On(network, native);
                }
                return cost.StepMs(n, batch, bytes);
            }
            var step = Step(model.Modes, mode, nodes)!.Value;
            var single = Step(model.Modes, mode, 1)!.Value;
            var steps = model.Replicates.Select(r => Step(r, mode, nodes) ?? double.NaN).ToList();
            var singles = model.Replicates.Select(r => Step(r, mode, 1) ?? double.NaN).ToList();
            Estimate? overhead = null;
            if (mode != Mode.Native && model.Modes.ContainsKey(Mode.Native))
            {
                var nativeStep = Step(model.Modes, Mode.Native, nodes)!.Value;
                var natives = model.Replicates.Select(r => Step(r, Mode.Native, nodes) ?? double.NaN).ToList();
                overhead = Estimate.Of((step / nativeStep - 1) * 100, steps.Zip(natives, (s, n) => (s / n - 1) * 100));
            }
            result.Add(new ModePrediction(mode, nodes, batch, bytes, Estimate.Of(step, steps),
                Estimate.Of(single / step, singles.Zip(steps, (s, n) => s / n)), overhead));
        }
        return result;
    }
}
