using Testbed.Analysis.Model;

namespace Testbed.Analysis.Tests.Model;

[Trait("Tier", "Unit")]
public class ModelValidationTests
{
    private static readonly RingParameters Path = new(200e-6, 1e9, 2e-9);
    private static readonly WirePathEntry[] Wire = [Synthetic.Wire("host", 8, 150, "native")];

    [Fact]
    public void Points_the_model_describes_are_predicted_held_out_within_the_stated_error()
    {
        var points = Synthetic.Points(Mode.Native, Path, 0.5, 1, Synthetic.Grid, rounds: 3, noise: 0);

        var validation = ModelValidation.Of(points, Wire);

        Assert.Equal(Synthetic.Grid.Length, validation.Count);
        Assert.All(validation, v => Assert.True(v.HeldOut));
        Assert.All(validation, v => Assert.InRange(v.ErrorPercent, -1e-6, 1e-6));
    }

    [Fact]
    public void A_point_the_model_cannot_describe_is_outside_the_stated_error()
    {
        // One configuration's all-reduce 6 ms longer than the ring would take (a quarter of its step): shared cores, say.
        var points = Synthetic.Points(Mode.Native, Path, 0.5, 1, Synthetic.Grid, rounds: 3, noise: 0)
            .Select(p => p.Nodes == 4 && p.Batch == 32 ? p with { AllReduceMs = p.AllReduceMs + 6, MsPerStep = p.MsPerStep + 6 } : p).ToList();

        var validation = ModelValidation.Of(points, Wire);

        // Held out, it is the one outside; the others' fits carry it, so they are off too, but within.
        var point = Assert.Single(validation, v => v.Outside);
        Assert.Equal((4, 32), (point.Nodes, point.Batch));
        Assert.True(point.ErrorPercent < -ModelValidation.StatedErrorPercent);
    }

    [Fact]
    public void A_mode_with_one_configuration_is_validated_in_sample_and_says_so()
    {
        var points = Synthetic.Points(Mode.Native, Path, 0.5, 1, [(3, 64, 2e6)], rounds: 4, noise: 0.02);

        var point = Assert.Single(ModelValidation.Of(points, Wire));

        Assert.False(point.HeldOut);
        Assert.InRange(point.ErrorPercent, -2, 2);
    }
}
