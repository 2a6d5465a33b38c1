using Plotly.NET;

namespace Testbed.Analysis.Charts;

/// <summary>
/// The plotly.js that Plotly.NET ships inside its assembly. Embedding this copy keeps the report
/// offline (Plotly.NET's own HTML points at a CDN) and keeps the version the one Plotly.NET targets.
/// </summary>
public static class PlotlyJs
{
    public const string ResourceName = "Plotly.NET.plotly-2.28.0.min.js";

    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Plotly.NET no longer embeds '{ResourceName}'; update {nameof(PlotlyJs)} to the resource it ships.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Script => Source.Value;
}
