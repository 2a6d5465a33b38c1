using System.Text.Json;
using System.Text.Json.Nodes;

namespace Testbed.BuildKit;

/// <summary>
/// Writes the JSON schema of <c>.nuke/parameters.json</c> from the build's parameters, as NUKE
/// regenerates <c>build.schema.json</c>: editors then complete and check the file. Only written
/// when its content changed, so a clean checkout stays clean.
/// </summary>
internal static class SchemaWriter
{
    public static string Generate(IReadOnlyList<Parameter> parameters, TargetGraph graph)
    {
        var properties = new JsonObject { ["$schema"] = new JsonObject { ["type"] = "string" } };
        foreach (var parameter in parameters)
            properties[parameter.Name] = Describe(parameter.Type, parameter.Description);

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Testbed build parameters (.nuke/parameters.json)",
            ["description"] = "Default values for ./build.sh parameters; the environment (TESTBED_<NAME>) and the command line override them. Targets: "
                              + string.Join(", ", graph.Targets.Select(t => t.Name)) + ".",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public static void Update(string path, IReadOnlyList<Parameter> parameters, TargetGraph graph)
    {
        if (!Directory.Exists(Path.GetDirectoryName(path))) return;
        var content = Generate(parameters, graph);
        if (File.Exists(path) && File.ReadAllText(path) == content) return;
        File.WriteAllText(path, content);
    }

    private static JsonObject Describe(Type type, string description)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var node = new JsonObject { ["description"] = description };
        if (underlying == typeof(int))
        {
            node["type"] = "integer";
        }
        else if (underlying == typeof(double))
        {
            node["type"] = "number";
        }
        else if (underlying == typeof(bool))
        {
            node["type"] = "boolean";
        }
        else if (underlying.IsEnum)
        {
            node["enum"] = new JsonArray(Enum.GetNames(underlying).Select(n => (JsonNode)n.ToLowerInvariant()).ToArray());
        }
        else if (underlying.IsArray)
        {
            node["type"] = "array";
            node["items"] = Describe(underlying.GetElementType()!, description);
            node["items"]!.AsObject().Remove("description");
        }
        else
        {
            node["type"] = "string";
        }

        return node;
    }
}
