using System.Globalization;
using System.Text.RegularExpressions;

namespace Testbed.Orchestration.Experiments;

/// <summary>
/// The placeholders a foreign trainer's command may hold, filled per launch, so the workload's
/// hyper-parameters are written once (the experiment's fields) and reach both trainers alike:
/// <c>{epochs}</c> (a warm-up's shorter count included), <c>{steps}</c>, <c>{batch}</c>,
/// <c>{learningRate}</c>, <c>{seed}</c>, <c>{data}</c> (the data set's folder inside the runtime),
/// <c>{out}</c> (where worker-&lt;rank&gt;.jsonl goes). Anything else in braces is refused.
/// </summary>
public static partial class CommandPlaceholders
{
    public static IReadOnlyList<string> Names { get; } = ["epochs", "steps", "batch", "learningRate", "seed", "data", "out"];

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    /// <summary>Placeholders in <paramref name="argument"/> that are none of <see cref="Names"/>.</summary>
    public static IEnumerable<string> Unknown(string argument) =>
        Placeholder().Matches(argument).Select(m => m.Groups[1].Value).Where(n => !Names.Contains(n));

    public static IReadOnlyList<string> Fill(IReadOnlyList<string> command, Workload workload, int epochs, string dataDirectory, string outputDirectory)
    {
        string N(double value) => value.ToString(CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string>
        {
            ["epochs"] = N(epochs),
            ["steps"] = N(workload.StepsPerEpoch),
            ["batch"] = N(workload.BatchPerWorker),
            ["learningRate"] = N(workload.LearningRate),
            ["seed"] = N(workload.Seed),
            ["data"] = dataDirectory,
            ["out"] = outputDirectory,
        };
        return command.Select(a => Placeholder().Replace(a, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value)).ToList();
    }
}
