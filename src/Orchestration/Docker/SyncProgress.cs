namespace Testbed.Orchestration.Docker;

/// <summary>
/// An IProgress that calls its handler at once, on the reporting thread. Progress&lt;T&gt; posts to
/// the thread pool, so a value it sets may not be there yet when the awaited call returns.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
