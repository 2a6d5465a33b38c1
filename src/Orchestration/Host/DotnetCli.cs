using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Host;

/// <summary>The dotnet CLI as the build's Compile and PublishTrainer targets run it on this host.</summary>
public static class DotnetCli
{
    /// <summary>
    /// Runs dotnet, each line of its output to <paramref name="onLine"/>; throws when it fails. Each call
    /// gets a temp folder of its own, removed after it: dotnet build and publish leave two empty
    /// folders in the temp folder per call (1,300 had gathered in /tmp here).
    /// </summary>
    /// <exception cref="ProcessFailedException">dotnet exited with a non-zero code.</exception>
    public static async Task RunAsync(IReadOnlyList<string> arguments, string workingDirectory, Action<string> onLine, CancellationToken cancellation)
    {
        var scratch = Directory.CreateTempSubdirectory("testbed-dotnet-");
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["TMPDIR"] = scratch.FullName,
            };
            await ProcessRunner.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(30), cancellation, workingDirectory, environment, onLine);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
