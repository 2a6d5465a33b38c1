using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Analysis.Results;

/// <summary>One JSON setup for every file of a results folder, and one way to report a bad file.</summary>
internal static class ResultsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // A record's non-nullable constructor parameters are the contract's required fields:
        // a missing one is an error naming the field, not a silent zero.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static T ReadFile<T>(string path, string what)
    {
        if (!File.Exists(path))
            throw new ResultsFormatException(path, $"missing; expected {what} (see results/README.md).");
        var text = File.ReadAllText(path);
        return Parse<T>(text, path, what);
    }

    public static T Parse<T>(string json, string path, string what, int? line = null)
    {
        var where = line is null ? "" : $"line {line}: ";
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new ResultsFormatException(path, $"{where}expected {what}, found null.");
        }
        catch (JsonException e)
        {
            throw new ResultsFormatException(path, $"{where}expected {what}; {e.Message}", e);
        }
    }
}
