using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Runs;

/// <summary>
/// One JSON setup for every JSON file of a run folder, for writing and for reading. Reading is
/// strict: a required field that is missing, or a null where the contract has none, is an error
/// naming the file and the field, never a silent zero.
/// </summary>
public static class RunJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Modes by their one spelling (ModeNames); other enums as camelCase words, never numbers.
        Converters = { new ModeJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Writes atomically (a temporary file, then a rename): a reader never sees half a file.</summary>
    public static void Write<T>(string path, T value)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Options) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <exception cref="RunFormatException">The file is missing or does not hold <paramref name="what"/>.</exception>
    public static T Read<T>(string path, string what)
    {
        if (!File.Exists(path))
            throw new RunFormatException(path, $"missing; expected {what} (see results/README.md).");
        return Parse<T>(File.ReadAllText(path), path, what);
    }

    public static T Parse<T>(string json, string path, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new RunFormatException(path, $"expected {what}, found null.");
        }
        catch (JsonException e)
        {
            throw new RunFormatException(path, $"expected {what}; {e.Message}", e);
        }
    }
}
