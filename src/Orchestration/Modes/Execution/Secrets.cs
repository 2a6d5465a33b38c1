using System.Globalization;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// A job token as a file only the worker's user can read, in a folder of its own that the worker
/// can traverse but not list, removed afterwards: how workers without Swarm secrets get the token.
/// </summary>
public sealed class Secrets : IDisposable
{
    private Secrets(string directory) => Directory = directory;

    public string Directory { get; }

    public static Secrets Create(string token, int userId)
    {
        // Named after this driver, so a later run or Teardown removes it if this one is killed first.
        var directory = Processes.OwnedTempFolders.Create(Processes.OwnedTempFolders.SecretKind);
        File.SetUnixFileMode(directory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var file = Path.Combine(directory, TrainerArguments.TokenFileName);
        File.WriteAllText(file, token);
        File.SetUnixFileMode(file, UnixFileMode.UserRead);
        var owner = userId.ToString(CultureInfo.InvariantCulture);
        Processes.ProcessRunner.RunAsync("chown", [$"{owner}:{owner}", file], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return new Secrets(directory);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
