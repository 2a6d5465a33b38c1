using System.Globalization;

namespace Testbed.BuildKit;

/// <summary>Turns the text of a parameter into its typed value, or says what was expected.</summary>
internal static class ValueParser
{
    public static object? Parse(Type type, string text, out string? expected)
    {
        expected = null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return text;
        if (underlying == typeof(AbsolutePath)) return AbsolutePath.From(text);
        if (underlying == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
            expected = "a whole number, e.g. 3";
            return null;
        }
        if (underlying == typeof(double))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            expected = "a number with a '.' as decimal point, e.g. 1.5";
            return null;
        }
        if (underlying == typeof(bool))
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on": return true;
                case "false" or "0" or "no" or "off": return false;
            }
            expected = "true or false";
            return null;
        }
        if (underlying.IsEnum)
        {
            if (Enum.TryParse(underlying, text, ignoreCase: true, out var value) && Enum.IsDefined(underlying, value!) && !int.TryParse(text, out _))
                return value;
            expected = "one of " + string.Join(", ", Enum.GetNames(underlying).Select(n => n.ToLowerInvariant()));
            return null;
        }
        if (underlying.IsArray)
        {
            var elementType = underlying.GetElementType()!;
            var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var array = Array.CreateInstance(elementType, parts.Length);
            for (var i = 0; i < parts.Length; i++)
            {
                var element = Parse(elementType, parts[i], out var elementExpected);
                if (elementExpected is not null)
                {
                    expected = $"a comma-separated list of {elementExpected} ('{parts[i]}' is not)";
                    return null;
                }
                array.SetValue(element, i);
            }
            return array;
        }
        throw new NotSupportedException($"Parameters of type {type.Name} are not supported by the build kit.");
    }

    public static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(int)) return "int";
        if (underlying == typeof(double)) return "number";
        if (underlying == typeof(bool)) return "bool";
        if (underlying == typeof(AbsolutePath)) return "path";
        if (underlying.IsEnum) return string.Join("|", Enum.GetNames(underlying).Select(n => n.ToLowerInvariant()));
        if (underlying.IsArray) return TypeName(underlying.GetElementType()!) + ",...";
        return "string";
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        Array a => string.Join(",", a.Cast<object?>().Select(Format)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
