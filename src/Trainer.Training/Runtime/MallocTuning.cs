using System.Runtime.InteropServices;

namespace Testbed.Trainer.Runtime;

/// <summary>
/// Fixes glibc malloc's two thresholds before libtorch allocates anything. By default glibc moves
/// its mmap threshold to the sizes it sees freed and gives the heap's top back to the kernel once
/// more than twice that lies free. With the CNN's per-step tensors that pattern hit one rank of
/// three (which one depends on its heap's layout): it returned and faulted in ~20 MB every step,
/// 50 000 page faults a second, 81 ms of compute a step against 47 on its peers, and a ring runs
/// at its slowest rank's pace. With the thresholds fixed (never trim below 1 GiB, mmap only from
/// 32 MiB, the most glibc allows) freed memory stays for the next step: same arithmetic, same
/// weights, no faults. Done in the trainer, so every mode, test and benchmark runs it alike.
/// </summary>
public static partial class MallocTuning
{
    // <malloc.h>: M_TRIM_THRESHOLD, M_MMAP_THRESHOLD.
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

    public const int TrimThresholdBytes = 1 << 30;
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>True when glibc took both settings; false where there is no glibc (the trainer then runs as it would anyway).</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // mallopt returns 1 on success, 0 for a value it refuses.
            return MallOpt(TrimThresholdParameter, TrimThresholdBytes) == 1 & MallOpt(MmapThresholdParameter, MmapThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
