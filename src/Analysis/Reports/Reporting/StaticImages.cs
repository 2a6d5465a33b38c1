namespace Testbed.Analysis.Reporting;

/// <summary>What happened to the PNG/SVG images: written, or skipped and why (said in report.md and the result).</summary>
public sealed record StaticImages(bool Written, string? SkippedReason)
{
    public static StaticImages Done { get; } = new(true, null);

    public static StaticImages Skipped(string reason) => new(false, reason);
}
