using System.Text.Json;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Cluster;

public static partial class ClusterLoader
{
    /// <summary>Reads typed fields, adding an error naming the field for each missing or mistyped one.</summary>
    private sealed class FieldReader(string file, List<ValidationError> errors)
    {
        public void Check(bool ok, string field, object? value, string expected)
        {
            if (!ok) errors.Add(new ValidationError(file, field, Format(value), expected));
        }

        public bool IsObject(JsonElement element, string at)
        {
            if (element.ValueKind == JsonValueKind.Object) return true;
            errors.Add(new ValidationError(file, at.TrimEnd('.'), Describe(element), "an object describing one node"));
            return false;
        }

        public void RefuseUnknown(JsonElement element, string at, string[] allowed)
        {
            foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
            {
                errors.Add(new ValidationError(file, at + property.Name, "an unknown field",
                    $"one of {string.Join(", ", allowed.Where(a => a != "$schema"))}"));
            }
        }

        public string? NodeName(JsonElement node, string at)
        {
            var name = String(node, at + "name", required: true);
            if (name is null) return null;
            if (NamePattern().IsMatch(name)) return name;
            errors.Add(new ValidationError(file, at + "name", $"'{name}'",
                "1-20 characters of a-z, 0-9 and '-', starting with a letter (it names containers, hostnames and folders)"));
            return null;
        }

        public string? String(JsonElement element, string field, bool required) =>
            Read(element, field, required, "a string", e => e.ValueKind == JsonValueKind.String ? e.GetString() : null);

        public double? Number(JsonElement element, string field, bool required) =>
            Read<double?>(element, field, required, "a number", e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null);

        public int? Integer(JsonElement element, string field, bool required) =>
            Read<int?>(element, field, required, "a whole number", e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : null);

        public bool? Boolean(JsonElement element, string field) =>
            Read<bool?>(element, field, required: false, "true or false", e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean()
                : null);

        private T? Read<T>(JsonElement element, string field, bool required, string expected, Func<JsonElement, T?> convert)
        {
            var key = field[(field.LastIndexOf('.') + 1)..];
            if (!element.TryGetProperty(key, out var value))
            {
                if (required) errors.Add(new ValidationError(file, field, "missing", expected));
                return default;
            }
            var result = convert(value);
            if (result is null) errors.Add(new ValidationError(file, field, Describe(value), expected));
            return result;
        }
    }
}
