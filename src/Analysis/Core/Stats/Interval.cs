namespace Testbed.Analysis.Stats;

/// <summary>A two-sided confidence interval.</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => Low <= value && value <= High;
}
