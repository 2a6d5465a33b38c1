using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Testbed.Trainer.Cli;

/// <summary>
/// Options that fall back to an environment variable (TESTBED_ + the flag in upper snake case),
/// then to a default; the help text names the variable. Containers are configured through the
/// environment, native runs through flags: both reach the same option.
/// </summary>
public static class EnvOption
{
    public static string VariableFor(string flag) => Records.Cli.TrainerFlags.VariableFor(flag);

    public static Option<int> Int(string flag, string description, int fallback) =>
        Create(flag, description, fallback, text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "an integer");

    public static Option<int?> OptionalInt(string flag, string description) =>
        Create<int?>(flag, description, null, text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null,
            "an integer");

    public static Option<long> Long(string flag, string description, long fallback) =>
        Create(flag, description, fallback, text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null,
            "an integer");

    public static Option<double> Double(string flag, string description, double fallback) =>
        Create(flag, description, fallback, text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null, "a number");

    /// <summary>
    /// A true/false flag that takes its value (`--overlap true`): without the exactly-one arity a
    /// bare `--overlap` silently meant the default and `--overlap maybe` was an unnamed stray argument.
    /// </summary>
    public static Option<bool> Bool(string flag, string description, bool fallback)
    {
        var option = Create(flag, description, fallback, text => bool.TryParse(text, out var v) ? v : null, "true or false");
        option.Arity = ArgumentArity.ExactlyOne;
        option.HelpName = "true|false";
        return option;
    }

    public static Option<string?> String(string flag, string description, string? fallback = null) =>
        Create(flag, description, fallback, text => text, "a string");

    private static Option<T> Create<T>(string flag, string description, T fallback, Func<string, object?> parse, string expected)
    {
        var variable = VariableFor(flag);
        var option = new Option<T>(flag) { Description = $"{description} [env: {variable}]" };
        option.CustomParser = result => Parse(result, result.Tokens.Count == 0 ? null : result.Tokens[^1].Value, flag, parse, expected, fallback);
        option.DefaultValueFactory = result => Parse(result, Environment.GetEnvironmentVariable(variable), variable, parse, expected, fallback);
        return option;
    }

    private static T Parse<T>(ArgumentResult result, string? text, string source, Func<string, object?> parse, string expected, T fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (parse(text) is T value)
        {
            return value;
        }

        result.AddError($"{source} '{text}': expected {expected}.");
        return fallback;
    }
}
