namespace Testbed.BuildKit;

/// <summary>
/// The build's command line split into its parts: targets (bare words), the kit's own switches
/// (<c>--help</c>, <c>--plan</c>) and parameter assignments, normalised to <c>--name=value</c>
/// for Microsoft.Extensions.Configuration's command-line provider.
/// </summary>
internal sealed record CommandLine(IReadOnlyList<string> Targets, bool Help, bool Plan, IReadOnlyList<string> ParameterArguments)
{
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<Parameter> parameters)
    {
        var byName = parameters.ToDictionary(p => Parameter.Canonical(p.Name));
        var targets = new List<string>();
        var assignments = new List<string>();
        bool help = false, plan = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?") { help = true; continue; }
            if (arg == "--plan") { plan = true; continue; }
            if (!arg.StartsWith('-'))
            {
                targets.Add(arg);
                continue;
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=');
            var name = equals >= 0 ? body[..equals] : body;
            if (!byName.TryGetValue(Parameter.Canonical(name), out var parameter))
            {
                throw new UsageException(
                    $"Unknown parameter '{arg}'. Valid parameters: {string.Join(", ", parameters.Select(p => p.CommandLineName))}, plus --help and --plan.");
            }

            string value;
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--"))
            {
                value = args[++i];
            }
            else if (parameter.Type == typeof(bool))
            {
                value = "true";
            }
            else
            {
                throw new UsageException($"Parameter {parameter.CommandLineName} needs a value ({ValueParser.TypeName(parameter.Type)}), " +
                    $"e.g. {parameter.CommandLineName} <value>.");
            }

            assignments.Add($"--{parameter.Name}={value}");
        }

        return new CommandLine(targets, help, plan, assignments);
    }
}
