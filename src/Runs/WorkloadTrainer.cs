using System.Text.Json;

namespace Testbed.Runs;

/// <summary>
/// Which trainer a workload ran and whether it writes progress records, as the manifest's copy of
/// the experiment says (<c>workloads[].trainer</c>, issue 25). Folders from before foreign trainers
/// have no such field: their workloads ran ours, which always writes records.
/// </summary>
public sealed record WorkloadTrainer(string Workload, string Name, bool WritesRecords)
{
    public const string Ours = "testbed";

    public bool IsOurs => Name == Ours;

    /// <summary>Every workload of an experiment definition (the manifest's <c>experiments[].definition</c>), by name.</summary>
    public static IReadOnlyDictionary<string, WorkloadTrainer> Of(JsonElement definition)
    {
        var trainers = new Dictionary<string, WorkloadTrainer>();
        if (definition.ValueKind != JsonValueKind.Object || !definition.TryGetProperty("workloads", out var workloads)
            || workloads.ValueKind != JsonValueKind.Array)
        {
            return trainers;
        }
        foreach (var workload in workloads.EnumerateArray())
        {
            if (!workload.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String) continue;
            var trainer = workload.TryGetProperty("trainer", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var display = trainer.ValueKind == JsonValueKind.Object && trainer.TryGetProperty("displayName", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()! : Ours;
            var writes = trainer.ValueKind != JsonValueKind.Object || !trainer.TryGetProperty("progress", out var p) || p.GetString() != "none";
            trainers[name.GetString()!] = new WorkloadTrainer(name.GetString()!, display, writes);
        }
        return trainers;
    }
}
