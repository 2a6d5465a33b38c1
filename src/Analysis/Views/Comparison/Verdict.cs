using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Comparison;

/// <summary>How run a's number stands against run b's.</summary>
public enum Verdict
{
    /// <summary>The 95 % intervals overlap, or a run has too few repetitions for one: this data cannot tell.</summary>
    CannotTell,
    /// <summary>a's interval lies wholly below b's (less time, or less overhead).</summary>
    Lower,
    /// <summary>a's interval lies wholly above b's.</summary>
    Higher,
    /// <summary>One of the runs has no measured repetition for it.</summary>
    NotComparable,
}

public static class Verdicts
{
    /// <summary>
    /// Only intervals that separate tell a difference; overlapping ones, or a missing interval (fewer
    /// than 2 repetitions), cannot. Conservative on purpose: n is small (2-5 repetitions).
    /// </summary>
    /// <param name="a">a's interval, or null when a has a value but too few repetitions for an interval.</param>
    /// <param name="hasA">Whether a has a measured value at all.</param>
    public static Verdict Of(Interval? a, Interval? b, bool hasA = true, bool hasB = true) => (a, b) switch
    {
        _ when !hasA || !hasB => Verdict.NotComparable,
        ({ } x, { } y) when x.High < y.Low => Verdict.Lower,
        ({ } x, { } y) when y.High < x.Low => Verdict.Higher,
        _ => Verdict.CannotTell,
    };

    /// <summary>Words for times: lower is faster.</summary>
    public static string ForTime(Verdict v) => v switch
    {
        Verdict.CannotTell => "can't tell",
        Verdict.Lower => "faster",
        Verdict.Higher => "slower",
        _ => "not comparable",
    };

    public static string ForOverhead(Verdict v) => v switch
    {
        Verdict.CannotTell => "can't tell",
        Verdict.Lower => "smaller overhead",
        Verdict.Higher => "larger overhead",
        _ => "not comparable",
    };
}
