using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Testbed.Trainer.Training;

/// <summary>What the chosen worker does at the chosen step.</summary>
public enum FaultKind
{
    /// <summary>Dies by SIGKILL (the pipeline's kill-worker).</summary>
    Kill,

    /// <summary>
    /// Holds for <see cref="TrainingOptions.StallFor"/> (the pipeline's stop-node, whose freeze of
    /// the node comes from outside and may land late on a loaded machine): the worker never gets
    /// past the step, so the fault strikes even when the freeze comes after the step.
    /// </summary>
    Stall,
}

/// <summary>
/// The pipeline's fault injection (--fault-at-step, --fault-rank, --fault-kind): the chosen worker
/// kills itself with SIGKILL, or stalls, at the start of the chosen step. Self-inflicted so the
/// step is exact and seeded; from outside a kill is indistinguishable from an OOM kill or a lost
/// host (no clean-up runs, the peers see their connections drop), a stall from a hung host.
/// </summary>
public static partial class FaultInjection
{
    /// <summary>What the engine and a shell report for a process SIGKILL ended: 128 + 9.</summary>
    public const int KilledExitCode = 137;

    public static void At(int globalStep, TrainingOptions options, int rank, Action<string> log)
    {
        if (options.FaultAtStep != globalStep || options.FaultRank != rank) return;
        var (r, step) = (rank.ToString(CultureInfo.InvariantCulture), globalStep.ToString(CultureInfo.InvariantCulture));
        if (options.FaultKind == FaultKind.Stall)
        {
            log($"fault injection: rank {r} stalls at step {step} for " +
                $"{options.StallFor.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (its node is being stopped)");
            Console.Out.Flush();
            // Its connections stay open and silent; once the peers gave up, the next collective fails here too.
            Thread.Sleep(options.StallFor);
            return;
        }
        log($"fault injection: rank {r} kills itself (SIGKILL) at step {step}");
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
