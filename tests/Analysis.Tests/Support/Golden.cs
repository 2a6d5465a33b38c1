using System.Runtime.CompilerServices;

namespace Testbed.Analysis.Tests.Support;

/// <summary>
/// Golden-file assertions (Verify is not served here). Expected files are committed under Golden/;
/// on a mismatch the actual text is written beside the expected one as *.actual and the test fails
/// with the diff command to run. Accept a wanted change by copying the .actual over the expected.
/// </summary>
internal static class Golden
{
    public static void Matches(string actual, string name, [CallerFilePath] string here = "")
    {
        var directory = Path.Combine(Fixtures.TestsDirectory(here), "Golden");
        var expectedPath = Path.Combine(directory, name);
        var actualPath = expectedPath + ".actual";
        if (File.Exists(expectedPath) && File.ReadAllText(expectedPath) == actual)
        {
            File.Delete(actualPath);
            return;
        }
        File.WriteAllText(actualPath, actual);
        Assert.Fail(File.Exists(expectedPath)
            ? $"{name} differs from its golden file. Compare: diff -u {expectedPath} {actualPath}\nIf the change is intended: mv {actualPath} {expectedPath}"
            : $"{name} has no golden file yet. Review {actualPath}, then: mv {actualPath} {expectedPath}");
    }
}
