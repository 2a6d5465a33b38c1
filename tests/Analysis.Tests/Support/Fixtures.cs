using System.Runtime.CompilerServices;

namespace Testbed.Analysis.Tests.Support;

/// <summary>The hand-made results folders under Fixtures/results (made by Fixtures/make_fixtures.py).</summary>
internal static class Fixtures
{
    /// <summary>Both thesis scenarios, 1 warm-up + 3 measured repetitions per mode, all succeeded.</summary>
    public const string CleanRun = "20261128T081500Z-1a2b3c4";

    /// <summary>thesis-single only; container rep-2 failed, container rep-3 ended with other weights.</summary>
    public const string TroubledRun = "20261128T120000Z-5d6e7f8";

    public static string Results { get; } = Path.Combine(TestsDirectory(), "Fixtures", "results");

    public static string Run(string runId) => Path.Combine(Results, runId);

    public static string TestsDirectory([CallerFilePath] string here = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(here))!;

    /// <summary>A private copy of fixture runs, for tests that write into a run folder or break it.</summary>
    public static TempDirectory CopyRuns(params string[] runIds)
    {
        var temp = new TempDirectory();
        foreach (var id in runIds)
            CopyDirectory(Run(id), Path.Combine(temp.Path, id));
        return temp;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) != "report")
                CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("testbed-analysis-tests-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless; a failing Dispose would hide the test's result */ }
    }
}
