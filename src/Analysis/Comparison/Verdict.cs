using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Comparison;

/// <summary>How run a's number stands against run b's.</summary>
public enum Verdict
{
    /// <summary>The 95 % intervals overlap: no difference this data can show.</summary>
    Same,
    /// <summary>a's interval lies wholly below b's (less time, or less overhead).</summary>
    Lower,
    /// <summary>a's interval lies wholly above b's.</summary>
    Higher,
    /// <summary>One of the runs has no measured repetition for it.</summary>
    NotComparable,
}

public static class Verdicts
{
    /// <summary>Overlapping intervals are called the same: conservative, as n is small (3-5 repetitions).</summary>
    public static Verdict Of(Interval? a, Interval? b) => (a, b) switch
    {
        ({ } x, { } y) when x.Overlaps(y) => Verdict.Same,
        ({ } x, { } y) when x.High < y.Low => Verdict.Lower,
        ({ }, { }) => Verdict.Higher,
        _ => Verdict.NotComparable,
    };

    /// <summary>Words for times: lower is faster.</summary>
    public static string ForTime(Verdict v) => v switch
    {
        Verdict.Same => "same within intervals",
        Verdict.Lower => "faster",
        Verdict.Higher => "slower",
        _ => "not comparable",
    };

    public static string ForOverhead(Verdict v) => v switch
    {
        Verdict.Same => "same within intervals",
        Verdict.Lower => "smaller overhead",
        Verdict.Higher => "larger overhead",
        _ => "not comparable",
    };
}
