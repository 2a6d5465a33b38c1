namespace Testbed.Orchestration.Running;

/// <summary>
/// Reads what decides the bits of a training run from /proc/cpuinfo: model, vendor, instruction
/// sets and their class. libtorch, oneDNN and MKL pick their kernels by instruction set (and MKL
/// by vendor), so two CPUs of one class are expected to give identical weights for the same seeds
/// and thread count; the committed reference results are keyed by that class.
/// </summary>
public static class CpuReading
{
    private const string CpuInfo = "/proc/cpuinfo";

    /// <summary>The x86-64 micro-architecture levels (x86-64 psABI), each with the flags it adds to the one before.</summary>
    private static readonly (string Level, string[] Flags)[] Levels =
    [
        ("x86-64-v2", ["cx16", "lahf_lm", "popcnt", "pni", "sse4_1", "sse4_2", "ssse3"]),
        ("x86-64-v3", ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"]),
        ("x86-64-v4", ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]),
    ];

    /// <summary>Flags that name instruction sets; the rest (tsc, hypervisor, mitigations) change with kernels and VMs, not with results.</summary>
    private static readonly string[] InstructionSetPrefixes =
    [
        "fpu", "cmov", "cx8", "cx16", "mmx", "fxsr", "sse", "ssse3", "pni", "avx", "fma", "f16c", "amx", "bmi", "abm",
        "popcnt", "lzcnt", "movbe", "lahf_lm", "xsave", "aes", "vaes", "pclmulqdq", "vpclmulqdq", "gfni", "sha_ni", "adx", "xop", "3dnow",
    ];

    /// <summary>This machine's processor; null where /proc/cpuinfo cannot be read.</summary>
    public static CpuEntry? OfThisMachine() => File.Exists(CpuInfo) ? Parse(File.ReadAllText(CpuInfo)) : null;

    /// <summary>Reads the first processor of a /proc/cpuinfo text (every core of a machine reports the same flags).</summary>
    public static CpuEntry? Parse(string cpuinfo)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in cpuinfo.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0) break;
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon > 0) fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        if (fields.Count == 0) return null;

        var model = fields.GetValueOrDefault("model name") ?? "unknown";
        var vendor = fields.GetValueOrDefault("vendor_id") ?? fields.GetValueOrDefault("CPU implementer") ?? "unknown";
        if (fields.TryGetValue("flags", out var flagLine))
        {
            var flags = flagLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new CpuEntry(model, vendor, flags.Where(IsInstructionSet).ToList(), $"{Level(flags.ToHashSet(StringComparer.Ordinal))} {vendor}");
        }
        // Not x86 (Linux/arm64 lists "Features"): no levels to name, so the class is the vendor alone.
        var features = fields.GetValueOrDefault("Features")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new CpuEntry(model, vendor, features, $"non-x86 {vendor}");
    }

    /// <summary>The highest level whose flags (and every lower level's) the CPU has.</summary>
    private static string Level(HashSet<string> flags)
    {
        var level = "x86-64-v1";
        foreach (var (name, needed) in Levels)
        {
            if (!needed.All(flags.Contains)) break;
            level = name;
        }
        return level;
    }

    private static bool IsInstructionSet(string flag) => InstructionSetPrefixes.Any(p => flag.StartsWith(p, StringComparison.Ordinal));
}
