using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Runs;

/// <summary>How a repetition runs its workers: as processes on the runtime rootfs (native) or as Swarm containers.</summary>
[JsonConverter(typeof(ModeJsonConverter))]
public enum Mode
{
    Native,
    Container,
}

public static class ModeNames
{
    /// <summary>Native first: every table and chart puts the bare-metal baseline beside the container run.</summary>
    public static IReadOnlyList<Mode> All { get; } = [Mode.Native, Mode.Container];

    /// <summary>The name used in folders, JSON and on the command line: "native" or "container".</summary>
    public static string ToName(this Mode mode) => mode switch
    {
        Mode.Native => "native",
        Mode.Container => "container",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string? name, out Mode mode)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }
        mode = default;
        return false;
    }
}

/// <summary>Writes and reads a mode by its <see cref="ModeNames.ToName"/>; anything else is a format error naming the value.</summary>
internal sealed class ModeJsonConverter : JsonConverter<Mode>
{
    public override Mode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return ModeNames.TryParse(text, out var mode)
            ? mode
            : throw new JsonException($"expected a mode ({string.Join(" or ", ModeNames.All.Select(m => $"'{m.ToName()}'"))}), found {(text is null ? reader.TokenType.ToString() : $"'{text}'")}");
    }

    public override void Write(Utf8JsonWriter writer, Mode value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToName());
}
