using Testbed.Analysis.Results;

namespace Testbed.Analysis.Summary;

/// <summary>A value for each mode: native beside container, the way every comparison reads.</summary>
public sealed record ByMode<T>(T Native, T Container)
{
    public T this[Mode mode] => mode == Mode.Native ? Native : Container;

    public static ByMode<T> From(Func<Mode, T> select) => new(select(Mode.Native), select(Mode.Container));
}
