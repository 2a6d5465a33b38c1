using System.Diagnostics;
using Testbed.Runs;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// The driver's own health during a repetition, in <c>driver.csv</c>: a thread of its own wakes every
/// <see cref="Interval"/> and writes how late it woke (the process got no CPU: the machine was
/// saturated or the process frozen) and how long a work item it queued on the thread pool has
/// waited (the pool starved: every timer and continuation of the run waits with it, the samplers'
/// rounds included). Samples in metrics.csv were seen missing for up to 10 s at a time; this says
/// which of the two it was. Each row also carries the driver process's CPU and the machine's busy
/// CPU since the pulse started, with its interrupts and steal (<see cref="MachineCpu"/>): what
/// driving the run took from the cores a virtual cluster shares.
/// </summary>
public sealed class DriverPulse : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _driverCpuAtStart = Environment.CpuUsage.TotalTime;
    private readonly MachineCpu? _machineAtStart = MachineCpu.Read();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private readonly StreamWriter _writer;

    private DriverPulse(string csvPath)
    {
        _writer = new StreamWriter(csvPath) { AutoFlush = true };
        _writer.WriteLine(DriverCsv.Header);
        _thread = new Thread(Loop) { IsBackground = true, Name = "driver pulse" };
        _thread.Start();
    }

    /// <summary>Starts writing <paramref name="csvPath"/>; null watches nothing.</summary>
    public static DriverPulse? Start(string? csvPath) => csvPath is null ? null : new DriverPulse(csvPath);

    private void Loop()
    {
        long queuedAt = -1, ranAt = -1; // clock ticks of the outstanding pool item
        var next = _clock.Elapsed + Interval;
        while (!_stop.Wait(Max(TimeSpan.Zero, next - _clock.Elapsed)))
        {
            var now = _clock.Elapsed;
            var late = Max(TimeSpan.Zero, now - next);
            next = now + Interval;
            double? poolWaitMs = null;
            var ran = Interlocked.Read(ref ranAt);
            if (queuedAt >= 0 && ran < 0) poolWaitMs = Milliseconds(_clock.ElapsedTicks - queuedAt);
            else if (queuedAt >= 0) poolWaitMs = Milliseconds(ran - queuedAt);
            if (queuedAt < 0 || ran >= 0)
            {
                // One item at a time: a starved pool shows as one item waiting longer and longer.
                Interlocked.Exchange(ref ranAt, -1);
                queuedAt = _clock.ElapsedTicks;
                ThreadPool.UnsafeQueueUserWorkItem(_ => Interlocked.Exchange(ref ranAt, _clock.ElapsedTicks), null);
            }
            var driverCpu = (Environment.CpuUsage.TotalTime - _driverCpuAtStart).TotalSeconds;
            var machine = _machineAtStart is { } start ? MachineCpu.Read()?.Since(start) : null;
            _writer.WriteLine(DriverCsv.Row(now.TotalSeconds, late.TotalMilliseconds, poolWaitMs, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount,
                driverCpu, machine?.BusySeconds, machine?.InterruptSeconds, machine?.StealSeconds));
        }
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _writer.Dispose();
        _stop.Dispose();
    }
}
