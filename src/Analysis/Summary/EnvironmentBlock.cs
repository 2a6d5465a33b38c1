using System.Globalization;
using System.Text.Json;

namespace Testbed.Analysis.Summary;

/// <summary>
/// The manifest flattened into key/value lines (host, versions, git SHA, image, parameters, ...).
/// Generic on purpose: whatever the orchestration records shows up without a change here. The list
/// of repetitions is left out: the report has its own table of them.
/// </summary>
internal static class EnvironmentBlock
{
    public static IReadOnlyList<EnvironmentEntry> From(JsonElement manifest)
    {
        var entries = new List<EnvironmentEntry>();
        if (manifest.ValueKind != JsonValueKind.Object)
            return entries;
        foreach (var property in manifest.EnumerateObject())
        {
            if (property.Name == "repetitions")
                continue;
            Flatten(property.Name, property.Value, entries);
        }
        return entries;
    }

    private static void Flatten(string key, JsonElement value, List<EnvironmentEntry> entries)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject())
                    Flatten($"{key}.{p.Name}", p.Value, entries);
                break;
            case JsonValueKind.Array when value.EnumerateArray().All(IsScalar):
                entries.Add(new EnvironmentEntry(key, string.Join(", ", value.EnumerateArray().Select(Scalar))));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    // Name array items by their "name" when they have one: experiments[thesis-single].sha256.
                    var label = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        ? n.GetString() : i.ToString(CultureInfo.InvariantCulture);
                    Flatten($"{key}[{label}]", item, entries);
                    i++;
                }
                break;
            default:
                entries.Add(new EnvironmentEntry(key, Scalar(value)));
                break;
        }
    }

    private static bool IsScalar(JsonElement e) => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null => "null",
        _ => e.GetRawText(),
    };
}

/// <summary>One line of the environment block: a manifest field by its JSON path.</summary>
public sealed record EnvironmentEntry(string Key, string Value);
