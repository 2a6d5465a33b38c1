namespace Testbed.Orchestration.Planning;

/// <summary>Shows a run's progress: which repetition, each workload's epoch, and the time left.</summary>
public interface IRunDisplay
{
    Task RunAsync(Func<IRunProgress, Task> work);
}

public interface IRunProgress
{
    void RepetitionStarted(PlannedRepetition repetition, int number, int total, TimeSpan remaining);

    void Epoch(string workload, int epoch, int epochs);

    void RepetitionEnded(PlannedRepetition repetition, RepetitionOutcome status, TimeSpan took, string? error);

    void Note(string message);
}
