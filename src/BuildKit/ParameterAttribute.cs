namespace Testbed.BuildKit;

/// <summary>
/// Marks a field or property of the build as a parameter, as NUKE's <c>[Parameter]</c> does.
/// Its value comes from, in rising precedence: the field's initial value, <c>.nuke/parameters.json</c>
/// (key = member name), the environment (<c>TESTBED_CACHE_DIR</c> for <c>CacheDir</c>) and the
/// command line (<c>--cache-dir value</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
