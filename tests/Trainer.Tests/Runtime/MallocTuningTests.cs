using System.Globalization;
using System.Runtime.InteropServices;
using Testbed.Trainer.Runtime;

namespace Testbed.Trainer.Tests.Runtime;

public sealed class MallocTuningTests
{
    private const int Blocks = 10;
    private const int BlockBytes = 4 << 20;
    private const int PageBytes = 4096;

    [Fact]
    public void Once_applied_memory_freed_after_a_step_is_kept_for_the_next_instead_of_faulted_in_again()
    {
        Assert.True(MallocTuning.Apply(), "glibc refused the thresholds");

        // A step's worth of tensors (40 MB in 4 MB blocks), allocated, written, freed, ten times
        // on one thread. glibc's defaults give the heap's top back after each step and fault all
        // 10 240 pages in again the next; fixed thresholds keep them: only the first step faults.
        Step();
        var before = MinorFaultsOfThisThread();
        for (var i = 0; i < 10; i++) Step();
        var faults = MinorFaultsOfThisThread() - before;

        Assert.True(faults < Blocks * BlockBytes / PageBytes / 10, $"{faults} page faults in 10 steps after the first (a step touches {Blocks * BlockBytes / PageBytes} pages)");
    }

    private static void Step()
    {
        var blocks = new IntPtr[Blocks];
        for (var b = 0; b < Blocks; b++)
        {
            blocks[b] = Marshal.AllocHGlobal(BlockBytes); // malloc on Linux
            for (var offset = 0; offset < BlockBytes; offset += PageBytes) Marshal.WriteByte(blocks[b], offset, 1);
        }
        foreach (var block in blocks) Marshal.FreeHGlobal(block);
    }

    /// <summary>minflt, the 10th field of /proc/thread-self/stat (after the parenthesised name): this thread's only, so parallel tests do not count.</summary>
    private static long MinorFaultsOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
}
