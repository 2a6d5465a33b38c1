using System.Runtime.InteropServices;

namespace Testbed.Trainer.Bench;

/// <summary>
/// The CPU time this process has used, in nanoseconds (CLOCK_PROCESS_CPUTIME_ID): unlike wall
/// time it does not grow when other work on a shared machine takes the cores, so a cost measured
/// in it holds on a busy machine too. Process.TotalProcessorTime counts in 10 ms ticks here, too
/// coarse for a 10 ms all-reduce.
/// </summary>
public static partial class ProcessCpuClock
{
    private const int ProcessCpuTimeId = 2;

    public static long NowNanoseconds()
    {
        if (ClockGetTime(ProcessCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
