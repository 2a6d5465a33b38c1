using Testbed.Analysis.Model;

namespace Testbed.Analysis.Tests.Model;

/// <summary>
/// The report's extrapolation on a network the user states (Report --bandwidth/--latency): the same
/// curves as on the measured network, with native and each mode on the stated one.
/// </summary>
[Trait("Tier", "Unit")]
public class StatedNetworkCurveTests
{
    private const int Batch = 64;

    // Short messages, a container path of half the host's throughput: the ring's cost is its bandwidth term.
    private static readonly RingParameters NativePath = new(10e-6, 1e9, 0.2e-9);
    private static readonly RingParameters ContainerPath = new(15e-6, 0.5e9, 0.25e-9);

    private static CostModel Model(double noise) => CostModel.Fit(
        [
            .. Synthetic.Points(Mode.Native, NativePath, 0.5, 1, Synthetic.Grid, rounds: 5, noise),
            .. Synthetic.Points(Mode.Container, ContainerPath, 0.55, 1.5, Synthetic.Grid, rounds: 5, noise, seed: 8),
        ],
        [Synthetic.Wire("host", 8, 20, "native"), Synthetic.Wire("overlay", 4, 30, "container")],
        resamples: 200);

    /// <summary>
    /// The parts of a step by the model's formula (README "The cost model"): per-step time = compute + other
    /// + 2(N-1) x latency + 2(N-1)/N x gradient / bandwidth + (N-1)/N x gradient x per-byte cost, in ms;
    /// the bandwidth term on its own, the rest beside it.
    /// </summary>
    private static (double Besides, double Bandwidth) Parts(ModeCost c, int nodes) =>
        (c.ComputeMs(Batch) + c.OtherMs
            + 1000 * (2.0 * (nodes - 1) * c.Path.LatencySeconds + (nodes - 1.0) / nodes * c.GradientBytes * c.Path.ReductionSecondsPerByte),
            1000 * 2.0 * (nodes - 1) / nodes * c.GradientBytes / c.Path.BandwidthBytesPerSecond);

    [Fact]
    public void A_faster_stated_network_lowers_the_container_overhead_where_the_all_reduce_is_bandwidth_bound_as_the_formula_says()
    {
        var model = Model(noise: 0);
        var stated = Network.Parse(80, null); // ten times the host path's 8 Gbit/s, its round trip as measured
        var native = model.Modes[Mode.Native];
        var container = model.Modes[Mode.Container];
        // A stated host bandwidth scales every path by the same factor: the container path keeps its ratio to the host's.
        var factor = stated.BandwidthBytesPerSecond!.Value / native.Path.BandwidthBytesPerSecond;

        var measured = Assert.Single(OverheadCurve.AgainstNodes(model, Batch));
        var onStated = Assert.Single(OverheadCurve.AgainstNodes(model, Batch, stated));

        Assert.Equal(Mode.Container, onStated.Mode);
        Assert.Equal(measured.Points.Select(p => p.X), onStated.Points.Select(p => p.X));
        foreach (var (m, s) in measured.Points.Zip(onStated.Points))
        {
            var nodes = (int)m.X;
            var (d, x) = Parts(container, nodes);
            var (e, y) = Parts(native, nodes);
            double Overhead(double f) => ((d + x / f) / (e + y / f) - 1) * 100;
            Assert.Equal(Overhead(1), m.Percent, 6);
            Assert.Equal(Overhead(factor), s.Percent, 6);
            // Overhead = (D + X/f) / (E + Y/f) - 1 falls as f grows exactly when X x E > D x Y: the container's
            // penalty on the bandwidth term outweighs its penalty on the rest (bandwidth bound). It is here, at every node count.
            Assert.True(x * e > d * y, $"not bandwidth bound at {nodes} nodes");
            Assert.True(s.Percent < m.Percent, $"{nodes} nodes: stated {s.Percent} % is not below measured {m.Percent} %");
        }
    }

    [Fact]
    public void Curves_on_a_stated_network_carry_it_in_their_label_and_have_a_band_around_them()
    {
        var model = Model(noise: 0.02);
        var stated = Network.Parse(10, 50);

        var nodes = Assert.Single(OverheadCurve.AgainstNodes(model, Batch, stated));
        var gradient = Assert.Single(OverheadCurve.AgainstGradient(model, 4, Batch, stated));

        Assert.All(new[] { nodes, gradient }, curve =>
        {
            Assert.Equal(stated, curve.Network);
            Assert.Equal("container (stated: 10 Gbit/s, 50 us)", curve.Label);
            Assert.All(curve.Points, p => Assert.True(p.Low <= p.Percent && p.Percent <= p.High, $"{p.Percent} outside [{p.Low}, {p.High}] at {p.X}"));
        });
        // The measured network's curve is the one drawn before, named by its mode alone.
        var measured = Assert.Single(OverheadCurve.AgainstNodes(model, Batch));
        Assert.Equal(("container", true), (measured.Label, measured.Network.IsMeasured));
        Assert.Equal(measured.Points, Assert.Single(OverheadCurve.AgainstNodes(model, Batch, Network.Measured)).Points);
        Assert.NotEqual(measured.Points, nodes.Points);
    }

    [Theory]
    [InlineData(0.0, null, "--bandwidth", "0 is out of range", "Gbit/s of the host network", "above 0 and at most 10000")]
    [InlineData(-1.0, null, "--bandwidth", "-1")]
    [InlineData(20000.0, null, "--bandwidth", "20000")]
    [InlineData(double.NaN, null, "--bandwidth", "NaN")]
    [InlineData(null, 0.0, "--latency", "0 is out of range", "microseconds of round trip")]
    [InlineData(null, 2e6, "--latency", "2000000", "at most 1000000")]
    [InlineData(10.0, -5.0, "--latency", "-5")]
    public void A_stated_network_out_of_range_is_refused_with_Predicts_words(double? bandwidth, double? latency, params string[] expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Network.Parse(bandwidth, latency));
        var predict = Assert.Throws<ArgumentException>(() => PredictRequest.Parse("2", null, null, bandwidth, latency));

        Assert.Equal(predict.Message, error.Message);
        foreach (var fragment in expected) Assert.Contains(fragment, error.Message);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(10.0, 50.0, "10 Gbit/s, 50 us")]
    [InlineData(2.5, null, "2.5 Gbit/s, measured round trip")]
    [InlineData(null, 120.0, "measured bandwidth, 120 us")]
    public void Either_value_may_be_stated_alone_and_the_label_names_the_other_as_measured(double? bandwidth, double? latency, string? label)
    {
        var network = Network.Parse(bandwidth, latency);

        Assert.Equal(label is null, network.IsMeasured);
        if (label is not null) Assert.Equal(label, network.Label);
        Assert.Equal(bandwidth * 1e9 / 8, network.BandwidthBytesPerSecond);
        Assert.Equal(latency / 1e6, network.RttSeconds);
    }
}
