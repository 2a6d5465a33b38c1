using System.Globalization;

namespace Testbed.Runs;

/// <summary>
/// One moment of the driver's health (driver.csv): how late its pulse thread woke, how long a
/// thread-pool item had waited, and what the driving machine had spent: the driver process's CPU,
/// the whole machine's busy CPU (all cores), the part of it the kernel spent in interrupts, and
/// the time the hypervisor gave the machine's virtual cores to others (steal), each in seconds
/// since the pulse started; null in folders from before they were recorded, or where the system
/// does not tell.
/// </summary>
public sealed record DriverSample(double ElapsedSeconds, double WakeLateMs, double? PoolWaitMs)
{
    public double? DriverCpuSeconds { get; init; }
    public double? MachineBusySeconds { get; init; }

    /// <summary>Hard and soft interrupts (irq + softirq), inside the busy time: the kernel's network and disk work among them.</summary>
    public double? MachineInterruptSeconds { get; init; }

    /// <summary>Time the machine's virtual cores wanted to run and the hypervisor ran something else (inside the busy time).</summary>
    public double? MachineStealSeconds { get; init; }
}

/// <summary>
/// driver.csv: the driver's own health through a repetition, a row every 250 ms (the
/// orchestration's DriverPulse writes it). The columns are fixed here for writer and reader; the
/// reader also takes the earlier layouts, each the first columns of this one: five (before the CPU
/// columns) and seven (before interrupts and steal).
/// </summary>
public static class DriverCsv
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "elapsed_seconds", "wake_late_ms", "pool_wait_ms", "pool_threads", "pool_pending", "driver_cpu_seconds", "machine_busy_seconds",
        "machine_interrupt_seconds", "machine_steal_seconds",
    ];

    /// <summary>How many of the columns each layout has, the current one first.</summary>
    private static readonly int[] Layouts = [9, 7, 5];

    public static string Header { get; } = string.Join(',', Columns);

    public static string Row(double elapsedSeconds, double wakeLateMs, double? poolWaitMs, int poolThreads, long poolPending,
        double? driverCpuSeconds = null, double? machineBusySeconds = null, double? machineInterruptSeconds = null, double? machineStealSeconds = null) =>
        string.Join(',',
        elapsedSeconds.ToString("0.000", CultureInfo.InvariantCulture),
        wakeLateMs.ToString("0.0", CultureInfo.InvariantCulture),
        poolWaitMs?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        poolThreads.ToString(CultureInfo.InvariantCulture),
        poolPending.ToString(CultureInfo.InvariantCulture),
        driverCpuSeconds?.ToString("0.000", CultureInfo.InvariantCulture) ?? "",
        machineBusySeconds?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
        machineInterruptSeconds?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
        machineStealSeconds?.ToString("0.00", CultureInfo.InvariantCulture) ?? "");

    /// <exception cref="RunFormatException">The header is no layout's, or a row is malformed (line named).</exception>
    public static IReadOnlyList<DriverSample> Read(string path) =>
        CsvRows.Read(path, Columns, Layouts).Select(row => new DriverSample(row.Double(0), row.Double(1), row.OptionalDouble(2))
        {
            DriverCpuSeconds = row.OptionalDouble(5),
            MachineBusySeconds = row.OptionalDouble(6),
            MachineInterruptSeconds = row.OptionalDouble(7),
            MachineStealSeconds = row.OptionalDouble(8),
        }).ToList();
}
