using Testbed.Analysis.Model;

namespace Testbed.Analysis.Tests.Model;

[Trait("Tier", "Unit")]
public class PredictorTests
{
    private static readonly RingParameters NativePath = new(100e-6, 1e9, 1e-9);
    private static readonly RingParameters ContainerPath = new(300e-6, 0.5e9, 2e-9);

    private static CostModel Model(double noise = 0.02) => CostModel.Fit(
        [
            .. Synthetic.Points(Mode.Native, NativePath, 0.5, 1, Synthetic.Grid, rounds: 5, noise),
            .. Synthetic.Points(Mode.Container, ContainerPath, 0.55, 1.5, Synthetic.Grid, rounds: 5, noise, seed: 8),
        ],
        [Synthetic.Wire("host", 8, 200, "native"), Synthetic.Wire("overlay", 4, 600, "container")],
        resamples: 200);

    [Fact]
    public void Without_noise_the_prediction_is_the_cost_model_by_hand()
    {
        var model = Model(noise: 0);

        var native = Predictor.Predict(model, 8, 64, 4e6, Network.Measured).Single(p => p.Mode == Mode.Native);

        // compute 32 + other 1 + ring: 14 x 100 us + 14/8 x 4e6 / 1e9 + 7/8 x 4e6 x 1 ns = 1.4 + 7 + 3.5 ms.
        Assert.Equal(32 + 1 + 11.9, native.MsPerStep.Value, 6);
        Assert.Equal(33 / 44.9, native.Efficiency.Value, 6);
    }

    [Fact]
    public void Overhead_grows_with_nodes_and_has_a_band_around_it()
    {
        var model = Model();

        var at = new[] { 2, 16, 256 }.Select(n =>
            Predictor.Predict(model, n, 64, null, Network.Measured).Single(p => p.Mode == Mode.Container).OverheadPercent!).ToList();

        Assert.True(at[0].Value < at[1].Value && at[1].Value < at[2].Value);
        Assert.All(at, e => Assert.True(e.Band!.Value.Contains(e.Value), $"{e.Value} outside {e.Band}"));
        Assert.True(at[2].Band!.Value.High - at[2].Band!.Value.Low > 0);
    }

    [Fact]
    public void A_faster_stated_network_shrinks_the_step_and_keeps_the_container_path_ratio()
    {
        var model = Model(noise: 0);
        var faster = Network.FromGbitsAndMicroseconds(80, 20);

        var measured = Predictor.Predict(model, 8, 64, 4e6, Network.Measured);
        var stated = Predictor.Predict(model, 8, 64, 4e6, faster);

        Assert.All(stated, p => Assert.True(p.MsPerStep.Value < measured.Single(m => m.Mode == p.Mode).MsPerStep.Value));
        var container = model.Modes[Mode.Container].On(faster, model.Modes[Mode.Native]);
        Assert.Equal(5e9, container.Path.BandwidthBytesPerSecond, 3); // 10e9 bytes/s x (4 / 8)
        Assert.Equal(20e-6 + 400e-6, container.MeasuredRttSeconds, 12); // the overlay's 400 us extra stays
    }

    [Fact]
    public void A_mode_without_a_measured_path_is_said_unavailable()
    {
        var model = CostModel.Fit(Synthetic.Points(Mode.Native, NativePath, 0.5, 1, Synthetic.Grid, rounds: 3, noise: 0),
            [new WirePathEntry("host", ["native"], "node-1", "node-2", null, null, null, "iperf3 failed")], resamples: 10);

        Assert.Empty(model.Modes);
        Assert.Contains("iperf3 failed", model.Unavailable[Mode.Native]);
    }
}
