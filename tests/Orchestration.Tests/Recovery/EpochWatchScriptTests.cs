using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Tests.Recovery;

public sealed class EpochWatchScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-epoch-watch-").FullName;

    // Two epochs of a 12-epoch run: "epochs":12 must not count as epoch 12.
    private static readonly string[] TwoEpochs =
    [
        """{"type":"epoch","epoch":1,"epochs":12,"steps":70,"rank":1}""",
        """{"type":"epoch","epoch":2,"epochs":12,"steps":70,"rank":1}""",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_watch_ends_once_the_records_hold_the_epoch(int epoch)
    {
        var file = Path.Combine(_folder, "worker-1.jsonl");
        await File.WriteAllLinesAsync(file, TwoEpochs);

        Assert.Equal(0, await WatchAsync(file, epoch));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public async Task The_watch_goes_on_while_the_epoch_is_not_recorded_yet(int epoch)
    {
        var file = Path.Combine(_folder, "worker-1.jsonl");
        await File.WriteAllLinesAsync(file, TwoEpochs);

        Assert.Equal(124, await WatchAsync(file, epoch)); // timeout's code: still waiting
    }

    [Fact]
    public async Task The_watch_waits_for_a_records_file_that_does_not_exist_yet_and_sees_it_grow()
    {
        var file = Path.Combine(_folder, "later.jsonl");
        var watch = WatchAsync(file, 2, seconds: 10);
        await Task.Delay(300);
        await File.WriteAllLinesAsync(file, TwoEpochs[..1]);
        await Task.Delay(300);
        Assert.False(watch.IsCompleted, "ended before epoch 2 was recorded");
        await File.AppendAllLinesAsync(file, TwoEpochs[1..]);

        Assert.Equal(0, await watch);
    }

    private static async Task<int> WatchAsync(string file, int epoch, int seconds = 1) =>
        (await ProcessRunner.RunAsync("timeout", [seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "sh", "-c", EpochWatchScript.Build(file, epoch)],
            TimeSpan.FromSeconds(seconds + 10), check: false)).ExitCode;

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
