using Testbed.Analysis.Reporting;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

[Trait("Tier", "Unit")]
public class GoldenMarkdownTests
{
    private static readonly StaticImages NoImages = StaticImages.Skipped("turned off (ReportOptions.StaticImages = false)");

    [Theory]
    [InlineData(Fixtures.CleanRun)]
    [InlineData(Fixtures.TroubledRun)]
    public void Markdown_report_of_a_fixture_run_matches_its_golden_file(string runId)
    {
        var document = ReportDocument.For(RunSummary.Of(RunFolder.Load(Fixtures.Run(runId))));

        Golden.Matches(MarkdownReport.Render(document, NoImages), $"{runId}.report.md");
    }
}
