using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Testing;

namespace Testbed.Orchestration.Runner;

public sealed partial class RunnerDoor
{
    /// <summary>The reference experiment (experiments/&lt;name&gt;.json, its reference in experiments/reference/).</summary>
    public const string ReferenceExperiment = ReferenceRun.Experiment;

    public static string ReferenceCheckName => $"reference check ({ReferenceExperiment})";

    /// <summary>
    /// The reference check as one test: one run of the reference experiment per mode into
    /// <paramref name="runDirectory"/>, judged by <paramref name="judge"/> (the analysis, wired by the
    /// build: true when it matches). A check that could not run is a failure, with its reason.
    /// </summary>
    /// <param name="arguments">The build's run parameters: the foreign runtimes of its --experiments go with the inputs, as for a run.</param>
    public async Task<TestRun> ReferenceCheckAsync(RunArguments arguments, string runDirectory, IRunDisplay display, Func<string, bool> judge,
        CancellationToken cancellation)
    {
        try
        {
            var folder = await ReferenceRun.ExecuteAsync(runDirectory, Inputs(Prepare(arguments)), display, Reporter, cancellation);
            var passed = judge(folder);
            return new TestRun(ReferenceCheckName, passed ? 1 : 0, passed ? 0 : 1, 0, []);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TestRun(ReferenceCheckName, 0, 0, 0, [$"{ReferenceCheckName} could not run: {e.Message}"]);
        }
    }
}
