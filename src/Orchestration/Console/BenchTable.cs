using System.Globalization;
using Spectre.Console;
using Testbed.Orchestration.Benchmarks;

namespace Testbed.Orchestration.Progress;

/// <summary>The trainer's benchmark results as one table.</summary>
public static class BenchTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<BenchRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Benchmark").AddColumn("World").AddColumn("Result");
        foreach (var row in rows) table.AddRow(row.Benchmark, row.World.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Result));
        console.Write(table);
    }
}
