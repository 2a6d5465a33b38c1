using Testbed.Analysis.Reporting;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Checks;

/// <summary>The Checks section: first in both formats, warnings before notes, and tables/checks.csv.</summary>
[Trait("Tier", "Unit")]
public sealed class ChecksReportTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    private ReportDocument Document(CheckRunBuilder builder) => ReportDocument.For(RunSummary.Of(builder.Load(_results.Path)));

    [Fact]
    public void A_clean_run_says_no_check_fired_and_names_every_check_it_ran_before_the_headline()
    {
        var markdown = MarkdownReport.Render(Document(new CheckRunBuilder()), StaticImages.Skipped("off"));

        Assert.True(markdown.IndexOf("## Checks", StringComparison.Ordinal) < markdown.IndexOf("## Headline", StringComparison.Ordinal));
        Assert.Contains("No check fired: 14 of 14 checks looked at everything they need and found nothing.", markdown);
        Assert.Contains("Looked and found nothing: rank imbalance, bimodal compute, compute differs between modes, page faults, CPU throttling, slow epochs, " +
                        "trend through the run, outliers, observer cost, engine cost, rate above the " +
                            "network path, monitoring gaps, driving machine, cost model off the measurement.", markdown);
    }

    [Fact]
    public void Warnings_come_before_notes_with_their_rule_meaning_remedy_and_every_place()
    {
        var builder = new CheckRunBuilder
        {
            ComputeMs = (mode, k, rank, _) => (mode, k, rank) == (Mode.Native, 1, 2) ? 62.5 : 50,
            StepFactor = (_, _, epoch) => epoch == 1 ? 1.3 : 1,
        };
        var markdown = MarkdownReport.Render(Document(builder), StaticImages.Skipped("off"));
        var html = HtmlReport.Render(Document(builder), StaticImages.Skipped("off"));

        var warning = markdown.IndexOf("> **Warning: rank imbalance, seen 1 time. Rule: in a repetition, a rank's median compute per step (epochs 2..N) more " +
            "than 10 % above the median of its peers', and beyond the scenario's spread of ranks (median + 3 " +
            "× 1.4826 × MAD of every rank's deviation, from 9 ranks). Meaning: ", StringComparison.Ordinal);
        var note = markdown.IndexOf("Note: slow epochs, seen 2 times. Rule: ", StringComparison.Ordinal);
        Assert.True(warning > 0 && note > warning, markdown);
        Assert.Contains("- s, native rep-1 (round 1), w1 rank 2 on node-3, epochs 2-4: compute 62.5 ms/step " +
            "against its peers' 50.0 ms (+25.0 %; this scenario's ranks spread to +10.0 %)\n", markdown);
        Assert.Contains("What to do: look at this worker's page faults", markdown);
        Assert.True(html.IndexOf("<h2>Checks</h2>", StringComparison.Ordinal) < html.IndexOf("<h2>Headline</h2>", StringComparison.Ordinal));
        Assert.Contains("<li>s, native rep-1 (round 1), w1 rank 2 on node-3, epochs 2-4: compute 62.5 ms/step", html);
    }

    [Fact]
    public async Task Checks_csv_has_one_row_per_finding_with_its_place_in_columns_and_a_row_per_quiet_check()
    {
        var builder = new CheckRunBuilder { ComputeMs = (mode, k, rank, _) => (mode, k, rank) == (Mode.Native, 1, 2) ? 62.5 : 50 };
        var folder = builder.Write(_results.Path);

        await ReportWriter.WriteAsync(folder, new ReportOptions { StaticImages = false });

        var lines = File.ReadAllLines(Path.Combine(folder, "report", "tables", "checks.csv"));
        Assert.Equal("Severity,Check,Scenario,Mode,Repetition,Round,Workload,Rank,Node,Epochs,Seen,Meaning,What to do,Rule", lines[0]);
        Assert.StartsWith("warning,rank imbalance,s,native,1,1,w1,2,node-3,2-4,", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("none,observer cost,–,", StringComparison.Ordinal) && l.Contains("looked and found nothing"));
    }
}
