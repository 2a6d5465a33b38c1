using System.Globalization;
using Testbed.Records;

namespace Testbed.Runs;

/// <summary>
/// Where everything lives in a run folder (results/README.md draws the tree). The one place a
/// file or folder name of a run is spelled; writer and reader both ask here.
/// <code>
/// results/&lt;utc-stamp&gt;-&lt;sha7&gt;/manifest.json
///   inputs/experiments/&lt;experiment&gt;.json, inputs/clusters/&lt;cluster&gt;.json
///   runs/&lt;scenario&gt;/&lt;mode&gt;/rep-&lt;k&gt;/status.json, metrics.csv, nodes.csv, driver.csv
/// &lt;workload&gt;/worker-&lt;rank&gt;.jsonl, worker-&lt;rank&gt;.log, checkpoints/, attempt-&lt;k&gt;/ (a failed attempt's, after restarts), tune/ (the tune
/// phase's)
///   report/ (report.md, report.html, ...; reproduction.md and .json when the run re-ran another)
/// </code>
/// </summary>
public static class RunLayout
{
    public const string ManifestFile = "manifest.json";
    public const string StatusFile = "status.json";
    public const string MetricsFile = "metrics.csv";

    /// <summary>Whole nodes' resource use (cluster runs only).</summary>
    public const string NodeMetricsFile = "nodes.csv";

    /// <summary>The driver's own health every 250 ms: late wake-ups and thread-pool waits.</summary>
    public const string DriverFile = "driver.csv";

    /// <summary>The driving machine's busiest processes through the repetition, with their cgroups.</summary>
    public const string HostProcessesFile = "host-processes.csv";
    public const string ReportFolder = "report";
    public const string IndexFile = "index.md";

    /// <summary>
    /// Byte-for-byte copies of what the run was asked to run, so it can be re-run after experiments/
    /// or clusters/ changed. A copy keeps its original's name: the loaders check that a file's name
    /// is the experiment's or the cluster's.
    /// </summary>
    public const string InputsFolder = "inputs";

    /// <summary>The observer's cost pairs (observer/&lt;scenario&gt;/&lt;mode&gt;/watched-&lt;k&gt; and unwatched-&lt;k&gt;): repetitions, but never the
    /// run's.</summary>
    public const string ObserverFolder = "observer";

    /// <summary>The copy of an experiment file, relative to the run folder.</summary>
    public static string ExperimentCopy(string experiment) => Path.Combine(InputsFolder, "experiments", experiment + ".json");

    /// <summary>The copy of the cluster file, relative to the run folder (none for the built-in local cluster).</summary>
    public static string ClusterCopy(string cluster) => Path.Combine(InputsFolder, "clusters", cluster + ".json");

    /// <summary>A re-run's verdict on the run it re-ran, in its report folder beside report.md.</summary>
    public const string ReproductionMarkdown = "reproduction.md";

    public const string ReproductionJson = "reproduction.json";

    /// <summary>A repetition's folder, relative to the run folder (the manifest lists it so).</summary>
    public static string RepetitionPath(string scenario, Mode mode, int index) =>
        Path.Combine("runs", scenario, mode.ToName(), $"rep-{index.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>A worker's records, inside its workload's folder (the trainer names it so).</summary>
    public static string WorkerRecords(string workloadDirectory, int rank) => Path.Combine(workloadDirectory, WorkerRecordFile.FileName(rank));

    /// <summary>A worker's console output, inside its workload's folder.</summary>
    public static string WorkerLog(string workloadDirectory, int rank) =>
        Path.Combine(workloadDirectory, $"worker-{rank.ToString(CultureInfo.InvariantCulture)}.log");

    /// <summary>The tune phase's folder inside a workload's: its own worker-&lt;rank&gt;.jsonl, logs, checkpoints and the init/ checkpoint it started
    /// from.</summary>
    public const string TuneFolder = "tune";

    /// <summary>
    /// A failed attempt's records and logs, moved out of the workload's folder before the restart,
    /// so the folder's worker-&lt;rank&gt;.jsonl is the whole repetition's and the attempt's own stay to read.
    /// </summary>
    public static string AttemptDirectory(string workloadDirectory, int attempt) =>
        Path.Combine(workloadDirectory, $"attempt-{attempt.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>"&lt;yyyyMMddTHHmmssZ&gt;-&lt;sha7&gt;": names sort in time order, and say which commit ran.</summary>
    public static string RunId(DateTimeOffset startedUtc, string gitSha) =>
        $"{startedUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{(gitSha.Length >= 7 ? gitSha[..7] : gitSha)}";

    /// <summary>
    /// Creates a new, empty run folder under <paramref name="resultsDirectory"/> and returns its
    /// path. Never reuses one: two runs in the same second get a suffix.
    /// </summary>
    public static string CreateRunFolder(string resultsDirectory, DateTimeOffset startedUtc, string gitSha)
    {
        Directory.CreateDirectory(resultsDirectory);
        var id = RunId(startedUtc, gitSha);
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(resultsDirectory, attempt == 1 ? id : $"{id}-{attempt.ToString(CultureInfo.InvariantCulture)}");
            if (Directory.Exists(directory)) continue;
            Directory.CreateDirectory(directory);
            return directory;
        }
    }
}
