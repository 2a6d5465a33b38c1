using System.Reflection;
using System.Text;

namespace Testbed.BuildKit;

/// <summary>One described input of the build and the names it goes by in each source.</summary>
internal sealed class Parameter
{
    private Parameter(MemberInfo member, string description)
    {
        Member = member;
        Description = description;
        Name = member.Name;
        CommandLineName = "--" + Kebab(member.Name);
        EnvironmentName = EnvironmentPrefix + Kebab(member.Name).Replace('-', '_').ToUpperInvariant();
    }

    public const string EnvironmentPrefix = "TESTBED_";

    public MemberInfo Member { get; }
    public string Description { get; }

    /// <summary>The member name, also the key in <c>.nuke/parameters.json</c>.</summary>
    public string Name { get; }
    public string CommandLineName { get; }
    public string EnvironmentName { get; }

    public Type Type => Member is FieldInfo f ? f.FieldType : ((PropertyInfo)Member).PropertyType;

    /// <summary>Names compare without case, dashes or underscores: CacheDir = cache-dir = CACHE_DIR.</summary>
    public static string Canonical(string name) => name.Replace("-", "").Replace("_", "").ToLowerInvariant();

    public object? GetValue(object build) => Member is FieldInfo f ? f.GetValue(build) : ((PropertyInfo)Member).GetValue(build);

    public void SetValue(object build, object? value)
    {
        if (Member is FieldInfo f) f.SetValue(build, value);
        else ((PropertyInfo)Member).SetValue(build, value);
    }

    public static IReadOnlyList<Parameter> Discover(object build) =>
        build.GetType()
            .GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null && x.Member is FieldInfo or PropertyInfo)
            .OrderBy(x => x.Member.MetadataToken)
            .Select(x => new Parameter(x.Member, x.Attribute!.Description))
            .ToList();

    private static string Kebab(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
