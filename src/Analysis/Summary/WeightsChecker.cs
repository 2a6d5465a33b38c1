using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>
/// Same seed, same world size, same bits: native and container runs of a workload should end with
/// identical weights (ARCHITECTURE.md, "Same numbers"). A mismatch means the comparison is not fair.
/// </summary>
internal static class WeightsChecker
{
    public static WeightsCheck Check(IReadOnlyList<Repetition> measured, IReadOnlyList<string> workloads)
    {
        var verdicts = workloads.Select(w => Check(measured, w)).ToList();
        if (verdicts.All(v => v.Match is null))
            return new WeightsCheck(null, "no finished measured repetition to compare");
        var match = verdicts.All(v => v.Match == true);
        var detail = string.Join("; ", verdicts.Select(v => v.Detail));
        return new WeightsCheck(match, detail);
    }

    private static WeightsCheck Check(IReadOnlyList<Repetition> measured, string workload)
    {
        List<string> Hashes(Mode mode) => measured
            .Where(r => r.Mode == mode && r.Workloads.ContainsKey(workload))
            .SelectMany(r => r.Workloads[workload])
            .Select(w => w.Final?.WeightsHash)
            .OfType<string>()
            .Distinct().Order(StringComparer.Ordinal).ToList();

        var native = Hashes(Mode.Native);
        var container = Hashes(Mode.Container);
        if (native.Count == 0 || container.Count == 0)
            return new WeightsCheck(null, $"{workload}: not comparable (a mode has no finished repetition)");
        if (native.Count == 1 && container.Count == 1 && native[0] == container[0])
            return new WeightsCheck(true, $"{workload}: all {Short(native[0])}");
        return new WeightsCheck(false,
            $"{workload}: native {string.Join(", ", native.Select(Short))}; container {string.Join(", ", container.Select(Short))}");
    }

    /// <summary>Enough of a hash to tell two apart in a table.</summary>
    private static string Short(string hash) => hash.Length > 19 ? hash[..19] + "…" : hash;
}
