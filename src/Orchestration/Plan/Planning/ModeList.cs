using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Planning;

/// <summary>
/// The --modes parameter: mode names (native, container, container-host, container-bridge) or the
/// preset "attribution" (all of them), each once.
/// </summary>
public static class ModeList
{
    public const string AttributionPreset = "attribution";

    /// <summary>Whether the names hold the attribution preset.</summary>
    public static bool HasPreset(IReadOnlyList<string> names) =>
        names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(n => string.Equals(n, AttributionPreset, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="ExperimentValidationException">A name that is no mode, or a mode twice.</exception>
    public static IReadOnlyList<Mode> Parse(IReadOnlyList<string> names)
    {
        var modes = new List<Mode>();
        var errors = new List<ValidationError>();
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (string.Equals(name, AttributionPreset, StringComparison.OrdinalIgnoreCase))
            {
                modes.AddRange(ModeNames.Attribution);
            }
            else if (ModeNames.TryParse(name, out var mode))
            {
                modes.Add(mode);
            }
            else
            {
                errors.Add(new ValidationError("--modes", "value", $"'{name}'",
                    $"one of {string.Join(", ", ModeNames.All.Select(m => m.ToName()))}, or {AttributionPreset} for all of them"));
            }
        }
        if (errors.Count > 0) throw new ExperimentValidationException(errors);
        // Order as ModeNames.All, each once: the interleaving goes native first whatever the order typed.
        if (modes.Distinct().Count() != modes.Count)
            throw new ExperimentValidationException([new ValidationError("--modes", "value", $"'{string.Join(",", names)}'", "each mode once")]);
        return [.. modes.OrderBy(m => m.Order())];
    }
}
