using Testbed.Analysis.Charts;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>
/// The report's content in reading order, built once from the summary. Markdown and HTML walk the
/// same sections, so the two formats cannot disagree about what the run showed.
/// </summary>
public sealed record ReportDocument(RunSummary Summary, IReadOnlyList<ReportSection> Sections)
{
    public IEnumerable<ReportTable> Tables => Sections.SelectMany(s => s.Blocks).OfType<TableBlock>().Select(b => b.Table);

    public IEnumerable<ReportChart> Charts => Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().Select(b => b.Chart);

    public static ReportDocument For(RunSummary summary) => new(summary, ReportLayout.Sections(summary));
}

public sealed record ReportSection(string Title, IReadOnlyList<ReportBlock> Blocks);

public abstract record ReportBlock;

/// <summary>Plain text; <see cref="Emphasis"/> marks a warning (failed repetitions, mismatched weights).</summary>
public sealed record ParagraphBlock(string Text, bool Emphasis = false) : ReportBlock;

public sealed record TableBlock(ReportTable Table) : ReportBlock;

public sealed record ChartBlock(ReportChart Chart) : ReportBlock;
