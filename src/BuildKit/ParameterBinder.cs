using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Testbed.BuildKit;

/// <summary>
/// Fills the build's parameters through Microsoft.Extensions.Configuration, one provider per
/// source, in rising precedence: <c>.nuke/parameters.json</c> &lt; environment (<c>TESTBED_*</c>)
/// &lt; command line. Each source is asked by the canonical name, so <c>CacheDir</c>,
/// <c>TESTBED_CACHE_DIR</c> and <c>--cache-dir</c> meet.
/// </summary>
internal static class ParameterBinder
{
    public static IReadOnlyList<string> Bind(
        object build,
        IReadOnlyList<Parameter> parameters,
        string? parametersFile,
        IEnumerable<KeyValuePair<string, string?>>? environment,
        IReadOnlyList<string> commandLineAssignments)
    {
        var warnings = new List<string>();
        var sources = new List<(string Describe, IConfigurationProvider Provider, Func<Parameter, string> Where)>();

        if (parametersFile is not null && File.Exists(parametersFile))
        {
            var provider = new JsonConfigurationProvider(new JsonConfigurationSource { Path = Path.GetFileName(parametersFile), Optional = false,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(parametersFile)!) });
            try
            {
                provider.Load();
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
            {
                throw new UsageException($"{parametersFile} is not valid JSON: {e.GetBaseException().Message} Fix the file or delete it to use the defaults.");
            }
            sources.Add(("parameters.json", provider, p => $"{parametersFile} key \"{p.Name}\""));
            RejectUnknownKeys(provider, parameters, parametersFile);
        }

        IConfigurationProvider environmentProvider = environment is null
            ? new EnvironmentVariablesConfigurationProvider(Parameter.EnvironmentPrefix)
            : new InMemoryEnvironment(environment, Parameter.EnvironmentPrefix);
        environmentProvider.Load();
        sources.Add(("environment", environmentProvider, p => $"environment variable {p.EnvironmentName}"));
        foreach (var key in TopLevelKeys(environmentProvider).Where(k => Find(parameters, k) is null))
            warnings.Add($"Ignoring environment variable {Parameter.EnvironmentPrefix}{key}: it is not a build parameter.");

        var commandLine = new CommandLineConfigurationProvider(commandLineAssignments);
        commandLine.Load();
        sources.Add(("command line", commandLine, p => $"command line {p.CommandLineName}"));

        foreach (var parameter in parameters)
        {
            foreach (var (_, provider, where) in Enumerable.Reverse(sources))
            {
                if (!TryGet(provider, parameter, out var text)) continue;
                var value = ValueParser.Parse(parameter.Type, text, out var expected);
                if (expected is not null)
                    throw new UsageException($"Bad value '{text}' for parameter {parameter.Name} (from {where(parameter)}): expected {expected}.");
                parameter.SetValue(build, value);
                break;
            }
        }
        return warnings;
    }

    private static bool TryGet(IConfigurationProvider provider, Parameter parameter, out string text)
    {
        var key = TopLevelKeys(provider).FirstOrDefault(k => Parameter.Canonical(k) == Parameter.Canonical(parameter.Name));
        text = "";
        if (key is null) return false;
        if (provider.TryGet(key, out var value) && value is not null)
        {
            text = value;
            return true;
        }
        // A JSON array ("Modes": ["native", "container"]) arrives as Modes:0, Modes:1, ...
        var items = provider.GetChildKeys([], key).Distinct().OrderBy(k => int.TryParse(k, out var n) ? n : int.MaxValue)
            .Select(k => provider.TryGet($"{key}:{k}", out var item) ? item : null).Where(v => v is not null).ToList();
        text = string.Join(",", items);
        return true;
    }

    private static IEnumerable<string> TopLevelKeys(IConfigurationProvider provider) =>
        provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase);

    private static Parameter? Find(IReadOnlyList<Parameter> parameters, string key) =>
        parameters.FirstOrDefault(p => Parameter.Canonical(p.Name) == Parameter.Canonical(key));

    private static void RejectUnknownKeys(IConfigurationProvider provider, IReadOnlyList<Parameter> parameters, string file)
    {
        foreach (var key in TopLevelKeys(provider))
        {
            if (key == "$schema" || Find(parameters, key) is not null) continue;
            throw new UsageException($"Unknown parameter \"{key}\" in {file}. Valid keys: {string.Join(", ", parameters.Select(p => p.Name))}.");
        }
    }

    /// <summary>The environment provider over a given set of variables, so tests need not touch the process's.</summary>
    private sealed class InMemoryEnvironment(IEnumerable<KeyValuePair<string, string?>> variables, string prefix) : ConfigurationProvider
    {
        public override void Load() =>
            Data = variables.Where(v => v.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(v => v.Key[prefix.Length..], v => v.Value, StringComparer.OrdinalIgnoreCase);
    }
}
