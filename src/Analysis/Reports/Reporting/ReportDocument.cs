using Testbed.Analysis.Charts;
using Testbed.Analysis.Run;
using Testbed.Analysis.Tables;

namespace Testbed.Analysis.Reporting;

/// <summary>
/// The report's content in reading order, built once from the summary. Markdown and HTML walk the
/// same sections, so the two formats cannot disagree about what the run showed.
/// </summary>
public sealed record ReportDocument(RunSummary Summary, IReadOnlyList<ReportSection> Sections)
{
    /// <summary>The tables the page shows.</summary>
    public IEnumerable<ReportTable> Tables => Sections.SelectMany(s => s.Blocks).OfType<TableBlock>().Select(b => b.Table);

    /// <summary>Every table written to tables/&lt;id&gt;.csv: those shown, and those the page says in prose (<see cref="DataBlock"/>).</summary>
    public IEnumerable<ReportTable> CsvTables => Sections.SelectMany(s => s.Blocks).Select(b => b switch
    {
        TableBlock t => t.Table,
        DataBlock d => d.Table,
        _ => null,
    }).OfType<ReportTable>();

    public IEnumerable<ReportChart> Charts => Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().Select(b => b.Chart);

    /// <param name="statedNetwork">A network the user stated for the cost model's extrapolation; null or measured: none.</param>
    public static ReportDocument For(RunSummary summary, Model.Network? statedNetwork = null) =>
        new(summary, ReportLayout.Sections(summary, statedNetwork));
}

public sealed record ReportSection(string Title, IReadOnlyList<ReportBlock> Blocks);

public abstract record ReportBlock;

/// <summary>Plain text; <see cref="Emphasis"/> marks a warning (failed repetitions, mismatched weights).</summary>
public sealed record ParagraphBlock(string Text, bool Emphasis = false) : ReportBlock;

public sealed record TableBlock(ReportTable Table) : ReportBlock;

public sealed record ChartBlock(ReportChart Chart) : ReportBlock;

/// <summary>A bulleted list, one item per line (the Checks section's findings).</summary>
public sealed record ListBlock(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table written to tables/&lt;id&gt;.csv only: the page says the same in prose (checks.csv).</summary>
public sealed record DataBlock(ReportTable Table) : ReportBlock;
