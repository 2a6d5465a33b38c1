using System.Text.Json;
using System.Text.RegularExpressions;

namespace Testbed.Orchestration.Tests.Testing;

/// <summary>
/// The CI workflow stays true because it only calls build targets: every command it runs is
/// ./build.sh with a target and parameters the build has (as its generated schema lists them).
/// </summary>
[Trait("Tier", "Unit")]
public partial class CiWorkflowTests
{
    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [GeneratedRegex(@"^\s*run:\s*(?<command>.+)$")]
    private static partial Regex RunLine();

    [GeneratedRegex(@"^sudo env ""PATH=\$PATH"" ""DOTNET_ROOT=\$DOTNET_ROOT"" \./build\.sh (?<target>[A-Za-z]+)(?<parameters>( --[a-z-]+ [^ ]+)*)$")]
    private static partial Regex BuildCall();

    [Fact]
    public void The_reproducibility_workflow_runs_test_then_the_repro_experiment_then_reproduce_and_nothing_but_build_targets()
    {
        var workflow = File.ReadAllLines(Path.Combine(Repository(), ".github", "workflows", "reproducibility.yml"));
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository(), ".nuke", "build.schema.json")));
        var targets = schema.RootElement.GetProperty("description").GetString()!.Split("Targets: ")[1].TrimEnd('.').Split(", ");
        var parameters = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

        var commands = workflow.Select(l => RunLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["command"].Value.Trim()).ToList();

        var calls = commands.Select(c => BuildCall().Match(c)).ToList();
        Assert.All(calls.Zip(commands), x => Assert.True(x.First.Success, $"not a build target call: {x.Second}"));
        Assert.Equal(["Test", "RunAllScenarios", "Reproduce"], calls.Select(c => c.Groups["target"].Value));
        Assert.All(calls.Select(c => c.Groups["target"].Value), t => Assert.Contains(t, targets));
        foreach (var name in calls.SelectMany(c => Regex.Matches(c.Groups["parameters"].Value, "--([a-z-]+)").Select(m => m.Groups[1].Value)))
            Assert.Contains(string.Concat(name.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])), parameters);
        Assert.Contains(workflow, l => l.Trim() == "push:");
        Assert.Contains(workflow, l => l.Trim().StartsWith("- cron:", StringComparison.Ordinal));
        Assert.Contains(workflow, l => l.Trim() == "uses: actions/upload-artifact@v4");
    }
}
