using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Runs;

/// <summary>
/// How a repetition runs its workers. Native: processes on the runtime rootfs. Container: Swarm
/// services on an overlay network (the thesis's setting). Between them, for attributing the
/// overhead: container-host, the same Swarm service on the host's network (only the network path
/// differs from native), and container-bridge, a plain container per worker on a bridge network
/// (no Swarm, no overlay, no Swarm DNS).
/// </summary>
[JsonConverter(typeof(ModeJsonConverter))]
public enum Mode
{
    Native,
    Container,
    ContainerHost,
    ContainerBridge,
}

public static class ModeNames
{
    /// <summary>
    /// From bare metal to the thesis's containers, one layer at a time: every table and chart puts
    /// the modes in this order.
    /// </summary>
    public static IReadOnlyList<Mode> All { get; } = [Mode.Native, Mode.ContainerHost, Mode.ContainerBridge, Mode.Container];

    /// <summary>The default comparison: native against the thesis's Swarm containers.</summary>
    public static IReadOnlyList<Mode> Default { get; } = [Mode.Native, Mode.Container];

    /// <summary>What `--modes attribution` runs: every mode, so the overhead can be split into its parts.</summary>
    public static IReadOnlyList<Mode> Attribution => All;

    /// <summary>The name used in folders, JSON and on the command line.</summary>
    public static string ToName(this Mode mode) => mode switch
    {
        Mode.Native => "native",
        Mode.Container => "container",
        Mode.ContainerHost => "container-host",
        Mode.ContainerBridge => "container-bridge",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>A mode's place in <see cref="All"/>, for ordering.</summary>
    public static int Order(this Mode mode) => All.ToList().IndexOf(mode);

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
            : throw new JsonException($"expected a mode ({string.Join(" or ", ModeNames.All.Select(m => $"'{m.ToName()}'"))}), " +
                $"found {(text is null ? reader.TokenType.ToString() : $"'{text}'")}");
    }

    public override void Write(Utf8JsonWriter writer, Mode value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToName());
}
