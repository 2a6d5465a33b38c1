using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Checks;

/// <summary>
/// One look at a run's own data for a sign that the measurement is broken, as BenchmarkDotNet's
/// analysers look at a summary. A check reads what it needs, says what it found (with numbers,
/// place, meaning and what to do) and says so when it could not look.
/// </summary>
public interface ICheck
{
    /// <summary>Short name, as the report and checks.csv list it: "rank imbalance".</summary>
    string Name { get; }

    /// <summary>What fires it, thresholds included: the report prints it beside every finding.</summary>
    string Rule { get; }

    IEnumerable<Finding> Run(CheckInput input);
}

/// <summary>What the checks read: the manifest, and per scenario its summary and measured repetitions.</summary>
public sealed record CheckInput(RunManifest Manifest, IReadOnlyList<ScenarioInput> Scenarios)
{
    /// <summary>Every measured repetition of the run, scenario by scenario.</summary>
    public IEnumerable<Repetition> Measured => Scenarios.SelectMany(s => s.Measured);

    private Model.RunModel? _model;

    /// <summary>The run's cost model and its validation: the report's own when it gives it (one computation for the table and the check), else fitted
    /// here.</summary>
    public Model.RunModel Model
    {
        get => _model ??= Testbed.Analysis.Model.RunModel.Of(Manifest, Measured);
        init => _model = value;
    }
}

/// <summary>One scenario: its summary (what the report shows) and the measured repetitions behind it.</summary>
public sealed record ScenarioInput(ScenarioSummary Summary, IReadOnlyList<Repetition> Measured)
{
    public string Name => Summary.Name;

    /// <summary>The measured repetitions of one mode, in the order they ran.</summary>
    public IReadOnlyList<Repetition> Of(Mode mode) => Measured.Where(r => r.Mode == mode).OrderBy(r => r.Index).ToList();

    /// <summary>Modes with at least one measured repetition, in the report's order.</summary>
    public IReadOnlyList<Mode> Modes => Summary.Modes.Where(m => Measured.Any(r => r.Mode == m)).ToList();
}
