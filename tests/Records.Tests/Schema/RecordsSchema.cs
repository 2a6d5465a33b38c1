using System.Text.Json;
using Json.Schema;

namespace Testbed.Records.Tests.Schema;

/// <summary>The published schema (schemas/worker-records.schema.json, copied beside the tests) and a line's verdict.</summary>
internal static class RecordsSchema
{
    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, "Schema", "worker-records.schema.json");

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(FilePath)));

    /// <summary>The schema's complaints about one line ("" when it is valid); formats (date-time) are checked too.</summary>
    public static string Problems(string line)
    {
        using var document = JsonDocument.Parse(line);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return "";
        var details = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        return string.Join("; ", details.DefaultIfEmpty("invalid"));
    }

    /// <summary>What the analysis's strict reader says about a file holding just this line ("" when it reads).</summary>
    public static string ReaderProblems(string line)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, line + "\n");
            WorkerRecordFile.Read(path, RecordReading.Strict);
            return "";
        }
        catch (RecordFormatException e)
        {
            return e.Problem;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
