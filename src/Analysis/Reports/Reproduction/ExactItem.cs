using System.Globalization;

namespace Testbed.Analysis.Reproduction;

/// <summary>
/// A number that must come out identical on the same CPU and thread count (same seeds, same bits),
/// in a canonical text form: round-trip decimals, so equal text is equal doubles.
/// </summary>
/// <param name="Original">Null when the run measured no repetition of it.</param>
public sealed record ExactItem(string Scenario, string Workload, Mode Mode, string Item, string? Original, string? Rerun)
{
    public const string WeightsHash = "weights hash";
    public const string LossCurve = "loss curve";
    public const string AccuracyCurve = "accuracy curve";
    public const string TestAccuracy = "test accuracy";

    public const string NotRecorded = "not recorded";

    /// <summary>The text every repetition disagreeing within one run gets: no single value to hold up.</summary>
    public const string VariesPrefix = "varies between repetitions: ";

    public bool Identical => Original is not null && Original == Rerun && !Original.StartsWith(VariesPrefix, StringComparison.Ordinal);

    /// <summary>Why it is not identical, in a few words (empty when it is).</summary>
    public string Detail => (Original, Rerun) switch
    {
        _ when Identical => "",
        (null, null) => "neither run measured it",
        (null, _) => "the original run did not measure it",
        (_, null) => "missing in the re-run",
        ({ } a, _) when a.StartsWith(VariesPrefix, StringComparison.Ordinal) => "the original's repetitions disagree",
        (_, { } b) when b.StartsWith(VariesPrefix, StringComparison.Ordinal) => "the re-run's repetitions disagree",
        ({ } a, { } b) when Item is LossCurve or AccuracyCurve => FirstDifference(a, b),
        _ => "differs",
    };

    private static string FirstDifference(string a, string b)
    {
        var x = a.Split(", ");
        var y = b.Split(", ");
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i]) return $"differs from epoch {(i + 1).ToString(CultureInfo.InvariantCulture)} on";
        }
        return $"{x.Length.ToString(CultureInfo.InvariantCulture)} epochs against {y.Length.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Every item of every workload and mode either run measured, in a stable order.</summary>
    public static IReadOnlyList<ExactItem> Compare(IReadOnlyList<TrainingOutcome> original, IReadOnlyList<TrainingOutcome> rerun)
    {
        var keys = original.Concat(rerun).Select(o => (o.Scenario, o.Workload, o.Mode)).Distinct()
            .OrderBy(k => k.Scenario, StringComparer.Ordinal).ThenBy(k => k.Workload, StringComparer.Ordinal).ThenBy(k => k.Mode).ToList();
        var items = new List<ExactItem>();
        foreach (var key in keys)
        {
            var a = original.FirstOrDefault(o => (o.Scenario, o.Workload, o.Mode) == key);
            var b = rerun.FirstOrDefault(o => (o.Scenario, o.Workload, o.Mode) == key);
            foreach (var item in new[] { WeightsHash, LossCurve, AccuracyCurve, TestAccuracy })
                items.Add(new ExactItem(key.Scenario, key.Workload, key.Mode, item, ValueOf(a, item), ValueOf(b, item)));
        }
        return items;
    }

    /// <summary>The item's one value over the measured repetitions, or which values they disagreed on.</summary>
    public static string? ValueOf(TrainingOutcome? outcome, string item)
    {
        if (outcome is null || outcome.Repetitions.Count == 0) return null;
        var values = outcome.Repetitions.Select(r => item switch
        {
            WeightsHash => string.Join(" ", r.WeightsHashes),
            LossCurve => Curve(r.Loss),
            AccuracyCurve => Curve(r.Accuracy),
            TestAccuracy => r.TestAccuracy is { } t ? Number(t) : "",
            _ => throw new ArgumentOutOfRangeException(nameof(item), item, "an exact item"),
        }).Distinct().ToList();
        // Measured, but without this value (a trainer that did not record it): absent on both sides is agreement.
        if (values.All(v => v.Length == 0)) return NotRecorded;
        return values.Count == 1 ? values[0] : VariesPrefix + string.Join(" | ", values);
    }

    public static string Curve(IEnumerable<double> values) => string.Join(", ", values.Select(Number));

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
