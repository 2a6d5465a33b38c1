using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Testbed.Trainer.Training;

/// <summary>
/// The pipeline's fault injection (--fault-at-step, --fault-rank): the chosen worker kills itself
/// with SIGKILL at the start of the chosen step. Self-inflicted so the step is exact and seeded;
/// from outside it is indistinguishable from an OOM kill or a lost host: no clean-up runs, the
/// peers see their connections drop.
/// </summary>
public static partial class FaultInjection
{
    /// <summary>What the engine and a shell report for a process SIGKILL ended: 128 + 9.</summary>
    public const int KilledExitCode = 137;

    public static void At(int globalStep, TrainingOptions options, int rank, Action<string> log)
    {
        if (options.FaultAtStep != globalStep || options.FaultRank != rank) return;
        log($"fault injection: rank {rank.ToString(CultureInfo.InvariantCulture)} kills itself (SIGKILL) at step {globalStep.ToString(CultureInfo.InvariantCulture)}");
        Console.Out.Flush();
        // As a container's PID 1 the kernel drops a SIGKILL the process sends itself (a namespace's
        // init only dies of signals from outside it), so there the worker ends with _exit(137): no
        // clean-up either, and the engine reports the same exit code a SIGKILL gives.
        if (Environment.ProcessId == 1) Exit(KilledExitCode);
        // Process.Kill sends SIGKILL on Linux: the process ends here, like one the kernel killed.
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
