using Testbed.Records;

namespace Testbed.Analysis.Results;

/// <summary>Reads a worker-&lt;rank&gt;.jsonl file strictly (the shared record contract), in the analysis's own error terms.</summary>
internal static class WorkerLogReader
{
    public static WorkerLog Read(string path, int rank, string node)
    {
        if (!File.Exists(path))
            throw new RunFormatException(path, $"missing; expected the trainer's JSON Lines records of worker {rank}.");
        try
        {
            var records = WorkerRecordFile.Read(path, RecordReading.Strict);
            return new WorkerLog(rank, node, records.Epochs, records.Final);
        }
        catch (RecordFormatException e)
        {
            throw new RunFormatException(path, e.Problem, e);
        }
    }
}
