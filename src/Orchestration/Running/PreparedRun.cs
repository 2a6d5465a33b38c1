using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Running;

/// <summary>
/// A validated request: the experiments (CPU shares fitted to the machine), the order of every
/// repetition, and what was changed on the way (said aloud and recorded in the manifest).
/// </summary>
public sealed record PreparedRun(RunRequest Request, IReadOnlyList<Experiment> Experiments, RunPlan Plan, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Checks the parameters and every experiment file, then plans. Cheap and deterministic, so
    /// every target that needs the plan makes it again rather than being handed one.
    /// </summary>
    /// <exception cref="ExperimentValidationException">Every problem found, each naming file, field, value and expectation.</exception>
    public static PreparedRun From(RunRequest request, int machineCores)
    {
        var errors = new List<ValidationError>();
        void Check(bool ok, string parameter, object value, string expected)
        {
            if (!ok) errors.Add(new ValidationError(parameter, "value", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", expected));
        }
        Check(request.Repetitions >= 1, "--repetitions", request.Repetitions, "at least 1");
        Check(request.Warmups >= 0, "--warmups", request.Warmups, "0 or more");
        Check(request.WarmupEpochs >= 0, "--warmup-epochs", request.WarmupEpochs, "0 (full length) or more");
        Check(request.Modes.Count > 0 && request.Modes.Distinct().Count() == request.Modes.Count, "--modes", $"'{string.Join(",", request.Modes.Select(m => m.ToName()))}'",
            $"{string.Join(", ", ModeNames.All.Select(m => m.ToName()))} or several, each once");
        errors.AddRange(ResultsFolder.Check(request.ResultsParameter, request.ResultsDirectory));
        if (errors.Count > 0) throw new ExperimentValidationException(errors);

        var notes = new List<string>();
        var experiments = ExperimentLoader.Load(request.ExperimentsDirectory, request.Experiments, machineCores)
            .Select(e =>
            {
                var (fitted, note) = CpuBudget.Fit(e, machineCores, request.CpuPolicy);
                if (note is not null) notes.Add(note);
                return fitted;
            }).ToList();
        var plan = RunPlan.Create(experiments, request.Modes, request.Repetitions, request.Warmups, request.WarmupEpochs == 0 ? null : request.WarmupEpochs);
        return new PreparedRun(request, experiments, plan, notes);
    }
}
