using Testbed.Runs;

namespace Testbed.Orchestration.Monitoring;

/// <summary>
/// Which processes of the driving machine used its CPU during a repetition (host-processes.csv):
/// every process in /proc read when the repetition starts and again when it ends, the difference
/// kept for the busiest. driver.csv says how much CPU went outside the nodes; this names who took
/// it (the host's engine, a kernel thread moving packets, the driver), without sampling anything
/// while the workers train.
/// </summary>
public sealed class HostProcessTally : IDisposable
{
    /// <summary>How many processes the file keeps, busiest first: the rest used less than the last of them.</summary>
    public const int Kept = 25;

    private readonly string _csvPath;
    private readonly Dictionary<(int Pid, long Start), ProcessCpu> _atStart = Snapshot();

    private HostProcessTally(string csvPath) => _csvPath = csvPath;

    /// <summary>Starts a tally written to <paramref name="csvPath"/> when disposed; null tallies nothing.</summary>
    public static HostProcessTally? Start(string? csvPath) => csvPath is null ? null : new HostProcessTally(csvPath);

    /// <summary>What each process used since the tally started (all of it for one that started since), busiest first.</summary>
    public static IReadOnlyList<HostProcessSample> Between(IReadOnlyDictionary<(int Pid, long Start), ProcessCpu> start,
        IEnumerable<ProcessCpu> end) =>
        end.Select(p => new HostProcessSample(p.Name, p.Pid, p.Cgroup,
                (p.CpuTicks - (start.TryGetValue((p.Pid, p.StartTicks), out var before) ? before.CpuTicks : 0)) / ProcessCpu.TicksPerSecond))
            .Where(p => p.CpuSeconds > 0)
            .OrderByDescending(p => p.CpuSeconds).ThenBy(p => p.Pid)
            .ToList();

    public void Dispose()
    {
        var busiest = Between(_atStart, Snapshot().Values).Take(Kept);
        try
        {
            File.WriteAllLines(_csvPath, busiest.Select(HostProcessesCsv.Row).Prepend(HostProcessesCsv.Header));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A repetition folder that cannot take it has lost more than this; the report says the tally is missing.
        }
    }

    /// <summary>Every process /proc lists now; one that exits while it is read is left out.</summary>
    public static Dictionary<(int Pid, long Start), ProcessCpu> Snapshot()
    {
        var processes = new Dictionary<(int Pid, long Start), ProcessCpu>();
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return processes;
        }
        foreach (var folder in folders)
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            try
            {
                if (ProcessCpu.Parse(pid, File.ReadAllText(Path.Combine(folder, "stat")), File.ReadAllText(Path.Combine(folder, "cgroup"))) is { } process)
                    processes[(pid, process.StartTicks)] = process;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It exited between the listing and the read.
            }
        }
        return processes;
    }
}
