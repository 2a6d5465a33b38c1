using Testbed.Trainer.Runtime;

namespace Testbed.Trainer.Tests.Runtime;

public sealed class MallocTuningTests
{
    /// <summary>
    /// What the fix buys (no rank faulting its heap in every step) is a speed figure, measured side
    /// by side in src/Trainer/README.md, not asserted here: a test thread allocates from one of
    /// glibc's thread arenas, whose heaps are returned to the kernel whenever they empty whatever
    /// the thresholds, and which other tests share; the trainer trains on its main thread (the
    /// main arena, where the thresholds decide). What a test can hold is that glibc takes them.
    /// </summary>
    [Fact]
    public void The_runtime_rootfs_glibc_takes_both_fixed_thresholds()
    {
        Assert.True(MallocTuning.Apply(), "mallopt refused M_TRIM_THRESHOLD or M_MMAP_THRESHOLD");
        // Applying again (every trainer process does it once; tests may call it many times) is harmless.
        Assert.True(MallocTuning.Apply());
    }
}
