namespace Testbed.Analysis.Results;

/// <summary>How a repetition ran its workers: as containers (Swarm services) or as native processes.</summary>
public enum Mode
{
    Native,
    Container,
}

public static class ModeNames
{
    /// <summary>Native first: every table and chart puts the bare-metal baseline beside the container run.</summary>
    public static IReadOnlyList<Mode> All { get; } = [Mode.Native, Mode.Container];

    /// <summary>The folder and JSON name of a mode (results/README.md): "native" or "container".</summary>
    public static string ToName(this Mode mode) => mode switch
    {
        Mode.Native => "native",
        Mode.Container => "container",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
