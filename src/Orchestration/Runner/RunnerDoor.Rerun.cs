using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Runner;

/// <summary>Reproduce's run: the original read back and its re-run planned.</summary>
public sealed record RerunPlan(Rerun Rerun, PreparedRun Run);

public sealed partial class RunnerDoor
{
    /// <summary>The run in <paramref name="folder"/> read back from the copies of its inputs and planned again.</summary>
    /// <exception cref="RunFormatException">The run folder's manifest is missing or malformed.</exception>
    /// <exception cref="BadInputException">Its inputs no longer make a valid run.</exception>
    public static RerunPlan PrepareRerun(string folder, int repetitions, string repositoryRoot, string resultsDirectory, string resultsParameter)
    {
        try
        {
            var rerun = Rerun.Of(folder, RunManifest.Read(folder), repetitions, new RerunSettings(repositoryRoot, resultsDirectory, resultsParameter));
            return new RerunPlan(rerun, PreparedRun.From(rerun.Request, Environment.ProcessorCount));
        }
        catch (ExperimentValidationException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }
}
