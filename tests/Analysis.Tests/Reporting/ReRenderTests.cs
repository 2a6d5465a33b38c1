using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reporting;

/// <summary>
/// A report is a function of its run folder: rendering it again, tomorrow or on a reviewer's
/// machine, gives the same bytes, so a diff of two renderings shows only what the data changed.
/// </summary>
[Trait("Tier", "Integration")]
public class ReRenderTests
{
    [Fact]
    public async Task Rendering_a_run_twice_gives_byte_identical_files_images_and_index_included()
    {
        // Needs Debian's chromium, as the static-image test does: the SVGs are where randomness hid.
        using var temp = Fixtures.CopyRuns(Fixtures.CleanRun, Fixtures.TroubledRun);
        var first = await RenderAsync(temp.Path, Fixtures.TroubledRun);

        var second = await RenderAsync(temp.Path, Fixtures.TroubledRun);

        Assert.Contains(first.Keys, k => k.EndsWith(".svg", StringComparison.Ordinal));
        Assert.Contains(first.Keys, k => k.EndsWith(".png", StringComparison.Ordinal));
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.All(first, file => Assert.True(file.Value.AsSpan().SequenceEqual(second[file.Key]), $"{file.Key} differs between two renderings"));
    }

    /// <summary>Renders through the build's own call and returns every file it wrote, by relative path.</summary>
    private static async Task<Dictionary<string, byte[]>> RenderAsync(string results, string runId)
    {
        var result = await AnalysisTargets.ReportAsync(results, runId);
        Assert.True(result.Images.Written, $"static images were skipped: {result.Images.SkippedReason}");
        var files = Directory.GetFiles(result.ReportDirectory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(results, f), File.ReadAllBytes);
        files[RunLayout.IndexFile] = await File.ReadAllBytesAsync(Path.Combine(results, RunLayout.IndexFile));
        return files;
    }
}
