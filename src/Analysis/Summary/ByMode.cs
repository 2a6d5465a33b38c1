namespace Testbed.Analysis.Summary;

/// <summary>A value for each mode: native beside the containers, the way every comparison reads.</summary>
public sealed class ByMode<T>
{
    private readonly IReadOnlyDictionary<Mode, T> _values;

    private ByMode(IReadOnlyDictionary<Mode, T> values) => _values = values;

    public T this[Mode mode] => _values[mode];

    public T Native => this[Mode.Native];

    public T Container => this[Mode.Container];

    public static ByMode<T> From(Func<Mode, T> select) => new(ModeNames.All.ToDictionary(m => m, select));
}
