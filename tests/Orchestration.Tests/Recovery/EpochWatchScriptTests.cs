using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Tests.Recovery;

[Trait("Tier", "Unit")]
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
        var watch = WatchAsync(file, 2, seconds: 30, countRounds: true);
        // Each round the loop looks, finds no epoch 2, then sleeps: a round counted has looked.
        await UntilRoundsAsync(1, watch);
        await File.WriteAllLinesAsync(file, TwoEpochs[..1]);
        // Two more rounds: the second surely began after the file was written (the first may not have).
        await UntilRoundsAsync(Rounds() + 2, watch);
        Assert.False(watch.IsCompleted, "ended before epoch 2 was recorded");
        await File.AppendAllLinesAsync(file, TwoEpochs[1..]);

        Assert.Equal(0, await watch);
    }

    /// <summary>
    /// Runs the watch under `timeout`; with <paramref name="countRounds"/>, a `sleep` of the test's
    /// own comes first on its PATH and notes each of the loop's rounds (then sleeps as the real one).
    /// </summary>
    private async Task<int> WatchAsync(string file, int epoch, int seconds = 1, bool countRounds = false)
    {
        Dictionary<string, string?>? environment = null;
        if (countRounds)
        {
            var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
            var sleep = Path.Combine(bin, "sleep");
            await File.WriteAllTextAsync(sleep, $"#!/bin/sh\necho round >> '{RoundsFile}'\nexec /bin/sleep \"$@\"\n");
            File.SetUnixFileMode(sleep, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            environment = new() { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };
        }
        return (await ProcessRunner.RunAsync("timeout",
            [seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "sh", "-c", EpochWatchScript.Build(file, epoch)],
            TimeSpan.FromSeconds(seconds + 10), environment: environment, check: false)).ExitCode;
    }

    private string RoundsFile => Path.Combine(_folder, "rounds");

    private int Rounds() => File.Exists(RoundsFile) ? File.ReadAllLines(RoundsFile).Length : 0;

    private async Task UntilRoundsAsync(int rounds, Task<int> watch)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Rounds() < rounds && !watch.IsCompleted)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the watch went round {Rounds()} time(s) within 10 s; expected {rounds}");
            await Task.Delay(20);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
