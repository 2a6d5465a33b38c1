namespace Testbed.Analysis.Results;

/// <summary>Loads one repetition folder listed in the manifest.</summary>
internal static class RepetitionLoader
{
    public static Repetition Load(string runPath, RepetitionEntry entry, bool resources = true, IReadOnlyDictionary<string, WorkloadTrainer>? trainers = null)
    {
        var folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(runPath, entry.Path));
        if (!Directory.Exists(folder))
        {
            // The manifest says this repetition ran but its folder is gone: show it as missing
            // rather than refusing the whole run; it is never averaged in either way.
            return new Repetition(entry.Scenario, entry.Mode, entry.Repetition, entry.Warmup, RepetitionState.Missing,
                folder, null, new Dictionary<string, IReadOnlyList<WorkerLog>>(), []);
        }

        var status = RepetitionStatus.Read(folder);
        var statusPath = System.IO.Path.Combine(folder, RunLayout.StatusFile);
        if (status.Scenario != entry.Scenario || status.Mode != entry.Mode || status.Repetition != entry.Repetition)
        {
            throw new RunFormatException(statusPath,
                $"expected scenario '{entry.Scenario}', mode '{entry.Mode.ToName()}', repetition {entry.Repetition} as the manifest lists it; " +
                $"found '{status.Scenario}', '{status.Mode.ToName()}', {status.Repetition}.");
        }

        var succeeded = status.Status == RepetitionOutcome.Succeeded;
        var workloads = new Dictionary<string, IReadOnlyList<WorkerLog>>();
        var recordless = new Dictionary<string, double?>();
        foreach (var workload in status.Workloads)
        {
            if (trainers is not null && trainers.TryGetValue(workload.Name, out var trainer) && !trainer.WritesRecords)
            {
                // A trainer that writes no records: start to exit is all it has (status.json), the rest is missing.
                recordless[workload.Name] = succeeded && workload.LaunchedUtc is { } launched && workload.EndedUtc is { } ended
                    ? (ended - launched).TotalSeconds : null;
                workloads[workload.Name] = [];
                continue;
            }
            var logs = new List<WorkerLog>();
            foreach (var worker in workload.Workers.OrderBy(w => w.Rank))
            {
                var logPath = RunLayout.WorkerRecords(System.IO.Path.Combine(folder, workload.Name), worker.Rank);
                // A failed repetition may have died before a worker wrote anything; that is its story,
                // not a format error. A succeeded one must have every record.
                if (!succeeded && !File.Exists(logPath))
                    continue;
                var log = WorkerLogReader.Read(logPath, worker.Rank, worker.Node);
                if (succeeded && log.Final is null)
                {
                    throw new RunFormatException(logPath,
                        "expected a 'final' record: status.json says the repetition succeeded, but this worker never finished.");
                }
                logs.Add(log);
            }
            workloads[workload.Name] = logs;
        }

        var metricsPath = System.IO.Path.Combine(folder, RunLayout.MetricsFile);
        // Resource samples are optional: a run without monitors still has training times to report.
        var metrics = resources && File.Exists(metricsPath) ? MetricsCsv.Read(metricsPath) : [];
        var nodesPath = System.IO.Path.Combine(folder, RunLayout.NodeMetricsFile);
        var driverPath = System.IO.Path.Combine(folder, RunLayout.DriverFile);
        var processesPath = System.IO.Path.Combine(folder, RunLayout.HostProcessesFile);
        return new Repetition(entry.Scenario, entry.Mode, entry.Repetition, status.Warmup, RepetitionStates.Of(status.Status), folder, status, workloads,
            metrics)
        {
            NodeMetrics = resources && File.Exists(nodesPath) ? NodeMetricsCsv.Read(nodesPath) : [],
            Driver = resources && File.Exists(driverPath) ? DriverCsv.Read(driverPath) : [],
            HostProcesses = resources && File.Exists(processesPath) ? HostProcessesCsv.Read(processesPath) : [],
            Round = entry.Round,
            RecordlessSeconds = recordless,
        };
    }
}
