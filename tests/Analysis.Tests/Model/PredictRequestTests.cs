using Testbed.Analysis.Model;
using Testbed.Analysis.Results;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Model;

[Trait("Tier", "Unit")]
public sealed class PredictRequestTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("testbed-predict-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Theory]
    [InlineData("", null, null, null, null, "--nodes", "comma-separated")]
    [InlineData("2,x", null, null, null, null, "--nodes", "'x'", "1 to 4096")]
    [InlineData("0", null, null, null, null, "--nodes", "'0'")]
    [InlineData("5000", null, null, null, null, "--nodes", "'5000'")]
    [InlineData("-2", null, null, null, null, "--nodes", "'-2'")]
    [InlineData("2,4,2", null, null, null, null, "--nodes", "2 is listed twice")]
    [InlineData("2", 0, null, null, null, "--batch", "0 is out of range", "from 1 to 65536")]
    [InlineData("2", null, -1.0, null, null, "--gradient-mb", "-1")]
    [InlineData("2", null, null, 0.0, null, "--bandwidth", "0 is out of range", "Gbit/s")]
    [InlineData("2", null, null, 1e9, null, "--bandwidth", "1000000000")]
    [InlineData("2", null, null, null, -5.0, "--latency", "-5", "microseconds")]
    public void A_bad_value_is_refused_naming_the_parameter(string nodes, int? batch, double? gradientMb, double? bandwidth, double? latency,
        params string[] expected)
    {
        var error = Assert.Throws<ArgumentException>(() => PredictRequest.Parse(nodes, batch, gradientMb, bandwidth, latency));

        foreach (var fragment in expected) Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Good_values_are_taken_in_their_units()
    {
        var request = PredictRequest.Parse(" 2, 16 ,256", 32, 1.5, 10, 50);

        Assert.Equal([2, 16, 256], request.Nodes);
        Assert.Equal(32, request.Batch);
        Assert.Equal(1.5e6, request.GradientBytes);
        Assert.Equal(10e9 / 8, request.Network.BandwidthBytesPerSecond);
        Assert.Equal(50e-6, request.Network.RttSeconds);
    }

    [Fact]
    public void A_run_with_the_wire_measured_prints_a_row_per_node_count_and_mode()
    {
        var folder = new RunFolderBuilder { Wire = [Synthetic.Wire("host", 8, 100, "native"), Synthetic.Wire("overlay", 2, 300, "container")] }.Write(_results);

        var text = AnalysisTargets.Predict(_results, folder, PredictRequest.Parse("2,8", null, null, null, null));

        Assert.Contains("| 2 | native |", text);
        Assert.Contains("| 8 (extrapolated) | container |", text);
        Assert.Contains("half the measured round trip", text); // one size measured: latency from the wire
    }

    [Fact]
    public void A_run_without_the_wire_or_without_its_batch_is_refused_with_the_reason()
    {
        var bare = new RunFolderBuilder().Write(_results);
        var wired = new RunFolderBuilder { RunId = "20261130T110000Z-bbbbbbb", Wire = [Synthetic.Wire("host", 8, 100, "native", "container")] }.Write(_results);

        var noWire = Assert.Throws<ArgumentException>(() => AnalysisTargets.Predict(_results, bare, PredictRequest.Parse("2", null, null, null, null)));
        var noBatch = Assert.Throws<ArgumentException>(() => AnalysisTargets.Predict(_results, wired, PredictRequest.Parse("2", 64, null, null, null)));

        Assert.Contains("cluster.wire", noWire.Message);
        Assert.Contains("--batch", noBatch.Message);
    }
}
