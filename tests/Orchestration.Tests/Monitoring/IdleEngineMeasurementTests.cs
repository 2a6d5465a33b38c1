using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>
/// A node's idle engine CPU from the measurement's output. The command's stderr is part of its output,
/// and once a smoke run on the virtual cluster found node-1's measurement missing after the stopped-node
/// test: a stray line must not cost the figure.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class IdleEngineMeasurementTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void Ticks_before_and_after_give_the_engines_percent_of_one_core() =>
        // 25 ticks of 10 ms over 10 s: 0.25 s, 2.5 % of one core.
        Assert.Equal(2.5, ClusterMeasurements.IdlePercent("engine-ticks 1000 1025\n", Window));

    [Fact]
    public void A_stray_line_before_or_after_the_marked_one_does_not_lose_the_measurement() =>
        Assert.Equal(2.5, ClusterMeasurements.IdlePercent("cut: /proc/4242/stat: No such file or directory\nengine-ticks 1000 1025\nwarning\n", Window));

    [Theory]
    [InlineData("")]
    [InlineData("1000 1025")]
    [InlineData("engine-ticks 1000")]
    [InlineData("engine-ticks 1000 x")]
    public void Without_a_whole_marked_line_the_figure_is_missing_not_zero(string output) =>
        Assert.Null(ClusterMeasurements.IdlePercent(output, Window));
}
