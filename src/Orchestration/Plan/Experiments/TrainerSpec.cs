namespace Testbed.Orchestration.Experiments;

/// <summary>
/// Which trainer a workload runs (issue 25): ours (<c>testbed</c>, the default: the published
/// TorchSharp trainer and its flags) or a foreign one (<c>command</c>: any program launched the
/// torchrun way, MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK and OMP_NUM_THREADS in its
/// environment), the runtime root filesystem it runs on, and whether it writes progress records.
/// </summary>
public sealed record TrainerSpec
{
    public const string Ours = "testbed";
    public const string CommandKind = "command";
    public const string RecordsProgress = "records";
    public const string NoProgress = "none";

    /// <summary>The default: our trainer on the TorchSharp rootfs, writing its records.</summary>
    public static TrainerSpec Default { get; } = new();

    public string Kind { get; init; } = Ours;

    /// <summary>A name of <see cref="Runtimes.Known"/>; null: the kind's own (ours: torchsharp).</summary>
    public string? Runtime { get; init; }

    /// <summary>The program and its arguments (<c>command</c> only); placeholders from <see cref="CommandPlaceholders"/>.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary><c>records</c>: worker-&lt;rank&gt;.jsonl per schemas/worker-records.schema.json; <c>none</c>: start-to-exit timings only.</summary>
    public string Progress { get; init; } = RecordsProgress;

    public bool IsForeign => Kind == CommandKind;

    public string RuntimeName => Runtime ?? Runtimes.TorchSharp;

    public bool WritesRecords => Progress == RecordsProgress;

    /// <summary>How reports and the plan name it: "testbed" for ours, else the command's script or program (e.g. "thesis_cnn.py (pytorch)").</summary>
    public string DisplayName => IsForeign && Command is [var program, ..]
        ? $"{Path.GetFileName(Command.Skip(1).FirstOrDefault(a => a.EndsWith(".py", StringComparison.Ordinal)) ?? program)} ({RuntimeName})"
        : Ours;
}
