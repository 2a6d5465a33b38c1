using Testbed.Analysis.Results;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Checks;

/// <summary>Every check's findings, and the checks that looked and found nothing (so a reader sees what was looked at).</summary>
public sealed record CheckResults(IReadOnlyList<string> Ran, IReadOnlyList<Finding> Findings)
{
    public static CheckResults None { get; } = new([], []);

    public IReadOnlyList<Finding> Warnings => Findings.Where(f => f.Severity == Severity.Warning && !f.NotChecked).ToList();

    public IReadOnlyList<Finding> Notes => Findings.Where(f => f.Severity == Severity.Note && !f.NotChecked).ToList();

    public IReadOnlyList<Finding> NotChecked => Findings.Where(f => f.NotChecked).ToList();

    /// <summary>Checks with no finding at all: they looked everywhere they could and saw nothing.</summary>
    public IReadOnlyList<string> FoundNothing => Ran.Where(name => Findings.All(f => f.Check != name)).ToList();

    /// <summary>The checks every report runs, in the order the report lists them.</summary>
    public static IReadOnlyList<ICheck> All { get; } =
    [
        new RankImbalanceCheck(), new BimodalComputeCheck(), new ModeComputeCheck(), new PageFaultCheck(), new ThrottlingCheck(),
        new SlowEpochsCheck(), new TrendCheck(), new OutlierCheck(), new SamplerCostCheck(), new EngineCostCheck(), new NetworkPathCheck(),
        new MonitoringGapCheck(), new DrivingMachineCheck(), new ModelValidationCheck(),
    ];

    public static CheckResults Of(RunFolder folder, IReadOnlyList<ScenarioSummary> scenarios, Model.RunModel? model = null)
    {
        var input = new CheckInput(folder.Manifest, scenarios
            .Select(s => new ScenarioInput(s, folder.Repetitions.Where(r => r.Scenario == s.Name && r.IsMeasured).ToList())).ToList());
        if (model is not null) input = input with { Model = model };
        return new CheckResults(All.Select(c => c.Name).ToList(), All.SelectMany(c => c.Run(input)).ToList());
    }
}
