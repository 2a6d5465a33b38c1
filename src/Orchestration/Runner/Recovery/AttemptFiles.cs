using Testbed.Records;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// A workload's files across restarts. A failed attempt's records and logs move to attempt-&lt;k&gt;/
/// before the next attempt starts (which writes fresh ones); when the workload ends, each rank's
/// worker-&lt;rank&gt;.jsonl is made whole again: the epochs every failed attempt kept in its checkpoint,
/// then the last attempt's own records. Epochs a failed attempt trained past its checkpoint are lost
/// work: they stay in its attempt folder, and out of the repetition's records.
/// </summary>
public static class AttemptFiles
{
    /// <summary>Moves the attempt's worker records, logs and collection errors into its attempt folder.</summary>
    public static void Archive(string workloadDirectory, int attempt)
    {
        if (!Directory.Exists(workloadDirectory)) return;
        var target = RunLayout.AttemptDirectory(workloadDirectory, attempt);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(workloadDirectory, "worker-*.*").Concat(Directory.GetFiles(workloadDirectory, "collect-*.error.txt")))
            File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    /// <summary>
    /// Epochs the workload had finished in the attempt that just ended (its files not yet archived):
    /// the most any rank recorded (the epoch numbers are the run's, a resumed attempt goes on counting).
    /// </summary>
    public static int EpochsDone(string workloadDirectory, int workers) =>
        Enumerable.Range(0, workers)
            .Select(rank => WorkerRecordFile.Read(RunLayout.WorkerRecords(workloadDirectory, rank), RecordReading.Live).EpochsDone)
            .DefaultIfEmpty(0).Max();

    /// <summary>
    /// Puts back in front of each rank's records the epochs the failed attempts handed on through
    /// their checkpoints: for attempt k, the epochs up to the one attempt k + 1 resumed after.
    /// </summary>
    /// <param name="resumedAfter">By attempt: the epoch it resumed after (0 or null for a fresh start); the last attempt's records stay as they are.</param>
    public static void Stitch(string workloadDirectory, int workers, IReadOnlyList<int?> resumedAfter)
    {
        if (resumedAfter.Count < 2) return;
        for (var rank = 0; rank < workers; rank++)
        {
            var lines = new List<string>();
            for (var attempt = 0; attempt < resumedAfter.Count - 1; attempt++)
            {
                var keptUpTo = resumedAfter[attempt + 1] ?? 0;
                var records = WorkerRecordFile.Read(RunLayout.WorkerRecords(RunLayout.AttemptDirectory(workloadDirectory, attempt), rank), RecordReading.Live);
                // An epoch the next attempt trains again is dropped; so are epochs an earlier
                // attempt recorded that a later one (resumed further) already holds.
                lines.RemoveAll(line => EpochOf(line) > keptUpTo);
                var from = lines.Count == 0 ? 0 : lines.Max(EpochOf);
                lines.AddRange(records.Epochs.Where(e => e.Epoch > from && e.Epoch <= keptUpTo).Select(RecordJson.Line));
            }
            var path = RunLayout.WorkerRecords(workloadDirectory, rank);
            var last = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0) : [];
            var temporary = path + ".stitching";
            File.WriteAllLines(temporary, lines.Concat(last));
            File.Move(temporary, path, overwrite: true);
        }
    }

    private static int EpochOf(string line)
    {
        using var record = System.Text.Json.JsonDocument.Parse(line);
        return record.RootElement.GetProperty("epoch").GetInt32();
    }
}
