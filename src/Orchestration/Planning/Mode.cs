namespace Testbed.Orchestration.Planning;

/// <summary>How a workload's workers run: as chroot processes on the runtime rootfs, or as Swarm containers.</summary>
public enum Mode { Native, Container }

public static class ModeNames
{
    public static string Name(this Mode mode) => mode == Mode.Native ? "native" : "container";
}
