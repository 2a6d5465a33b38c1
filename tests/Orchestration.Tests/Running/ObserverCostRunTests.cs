using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

[Trait("Tier", "Unit")]
public sealed class ObserverCostRunTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("testbed-observer-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    [Fact]
    public async Task Each_mode_runs_watched_and_unwatched_in_ABBA_order_and_the_ratio_of_their_steady_steps_is_recorded()
    {
        var native = new WatchedCosts(Mode.Native, watchedSecondsPerEpoch: 11, unwatchedSecondsPerEpoch: 10);
        var container = new WatchedCosts(Mode.Container, watchedSecondsPerEpoch: 10, unwatchedSecondsPerEpoch: 10);
        var run = RunnerFixtures.Smoke([Mode.Native, Mode.Container], repetitions: 1, warmups: 0);

        var cost = await new ObserverCostRun(new Dictionary<Mode, IExecutionMode> { [Mode.Native] = native, [Mode.Container] = container },
            WorkerMonitor.Local(),
                TimeSpan.FromMilliseconds(10), _run, "test-run")
            .MeasureAsync(run.Plan, pairs: 1, RunnerFixtures.Quiet(), new DurationEstimate(), CancellationToken.None);

        Assert.NotNull(cost);
        Assert.Equal(("smoke", ObserverCostRun.Epochs), (cost.Experiment, cost.Epochs));
        Assert.Equal([Mode.Native, Mode.Container], cost.Modes.Select(m => m.Mode));
        Assert.Equal(1.1, cost.Modes[0].MedianRatio!.Value, 6);
        Assert.Equal(1.0, cost.Modes[1].MedianRatio!.Value, 6);
        Assert.Equal([true, false], native.Watched);
        Assert.Equal([false, true], container.Watched);
        Assert.All(native.Epochs.Concat(container.Epochs), e => Assert.Equal(ObserverCostRun.Epochs, e));
        foreach (var folder in new[] { "native/watched-0", "native/unwatched-0", "container/watched-0", "container/unwatched-0" })
            Assert.True(File.Exists(Path.Combine(_run, RunLayout.ObserverFolder, "smoke", folder, RunLayout.StatusFile)), folder);
        Assert.False(File.Exists(Path.Combine(_run, RunLayout.ObserverFolder, "smoke", "native/unwatched-0", RunLayout.MetricsFile)),
            "an unwatched repetition is not sampled");
    }

    [Fact]
    public async Task No_pairs_measure_nothing()
    {
        var native = new WatchedCosts(Mode.Native, 10, 10);
        var run = RunnerFixtures.Smoke([Mode.Native], repetitions: 1, warmups: 0);

        var cost = await new ObserverCostRun(new Dictionary<Mode, IExecutionMode> { [Mode.Native] = native }, WorkerMonitor.Local(),
            TimeSpan.FromMilliseconds(10), _run, "test-run")
            .MeasureAsync(run.Plan, pairs: 0, RunnerFixtures.Quiet(), new DurationEstimate(), CancellationToken.None);

        Assert.Null(cost);
        Assert.Empty(native.Watched);
    }

    /// <summary>A fake mode whose workers step slower when watched, remembering what it was asked to run.</summary>
    private sealed class WatchedCosts(Mode mode, double watchedSecondsPerEpoch, double unwatchedSecondsPerEpoch) : IExecutionMode
    {
        private readonly FakeExecutionMode _watched = new(mode, secondsPerEpoch: watchedSecondsPerEpoch);
        private readonly FakeExecutionMode _unwatched = new(mode, secondsPerEpoch: unwatchedSecondsPerEpoch);

        public Mode Mode => mode;
        public List<bool> Watched { get; } = [];
        public List<int> Epochs { get; } = [];

        public Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation)
        {
            lock (Watched)
            {
                Watched.Add(launch.Observed);
                Epochs.Add(launch.Epochs);
            }
            return (launch.Observed ? _watched : _unwatched).StartAsync(launch, cancellation);
        }
    }
}
