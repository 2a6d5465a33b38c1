namespace Testbed.Orchestration;

/// <summary>
/// How the orchestration tells the person running it what it is doing. The build implements it
/// with Spectre.Console; tests record the lines.
/// </summary>
public interface IReporter
{
    void Info(string message);

    void Warn(string message);

    /// <summary>A step that is already done and was skipped ("rootfs 1a2b cached").</summary>
    void Skip(string message);

    /// <summary>Runs a long step while showing that it is busy; <paramref name="update"/> changes its text.</summary>
    Task<T> ProgressAsync<T>(string description, Func<Action<string>, Task<T>> work);
}
