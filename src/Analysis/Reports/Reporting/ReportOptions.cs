using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Testbed.Analysis.Reporting;

public sealed record ReportOptions
{
    /// <summary>Where report.html, report.md, charts/ and tables/ go; default &lt;run folder&gt;/report.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Write charts/*.png and *.svg with chromium. When off or impossible, report.md says so.</summary>
    public bool StaticImages { get; init; } = true;

    /// <summary>Debian's chromium package installs here (docs/environment.md).</summary>
    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    /// <summary>For starting chromium and for each image.</summary>
    public TimeSpan ChromiumTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Count repetitions that succeeded after restarts in the statistics (their time holds a recovery); off by default.</summary>
    public bool IncludeRestarted { get; init; }

    /// <summary>
    /// A network the user states for the host path (Report --bandwidth/--latency): the cost model's
    /// extrapolation then draws each mode on it beside the measured network. Measured (the default):
    /// the report is what it was without this option.
    /// </summary>
    public Model.Network StatedNetwork { get; init; } = Model.Network.Measured;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
