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

    [Fact]
    public void Two_trainers_are_never_predicted_from_each_other_and_the_fit_is_ours()
    {
        // The PyTorch run's case: both trainers at one configuration each, theirs 17 % slower in compute.
        var ours = Synthetic.Points(Mode.Native, Path, 0.5, 1, [(3, 64, 2e6)], rounds: 4, noise: 0);
        var theirs = Synthetic.Points(Mode.Native, Path, 0.6, 1, [(3, 64, 2e6)], rounds: 4, noise: 0)
            .Select(p => p with { Workload = "torch", Trainer = "PyTorch DDP" }).ToList();

        var validation = ModelValidation.Of([.. ours, .. theirs], Wire);
        var fit = CostModel.Fit([.. theirs, .. ours], Wire, resamples: 0);

        Assert.Equal(2, validation.Count);
        Assert.All(validation, v => Assert.False(v.HeldOut));
        Assert.All(validation, v => Assert.InRange(v.ErrorPercent, -1e-6, 1e-6));
        Assert.Equal(["PyTorch DDP", "testbed"], validation.Select(v => v.Class.Trainer).Order(StringComparer.Ordinal));
        Assert.Equal("testbed", fit.Class.Trainer);
        Assert.Equal(ours.Count, fit.Points.Count);
    }

    [Fact]
    public void Two_cpu_shares_are_never_predicted_from_each_other_and_the_fit_is_the_larger_share()
    {
        // The default run's case: thesis-single's workers at 0.6 of a core, thesis-dual's at 0.3 computing twice as long.
        var single = Synthetic.Points(Mode.Native, Path, 0.5, 1, [(3, 64, 2e6)], rounds: 4, noise: 0)
            .Select(p => p with { Scenario = "thesis-single", CpusPerWorker = 0.6 }).ToList();
        var dual = Synthetic.Points(Mode.Native, Path, 1.0, 1, [(3, 64, 2e6)], rounds: 4, noise: 0)
            .Select(p => p with { Scenario = "thesis-dual", CpusPerWorker = 0.3 }).ToList();

        var validation = ModelValidation.Of([.. dual, .. single], Wire);
        var fit = CostModel.Fit([.. dual, .. single], Wire, resamples: 0);

        Assert.Equal(2, validation.Count);
        Assert.All(validation, v => Assert.False(v.Outside));
        Assert.Equal(0.6, fit.Class.CpusPerWorker);
        Assert.Equal("testbed at 0.6 of a core per worker", fit.Class.ToString());
        Assert.All(fit.Points, p => Assert.Equal("thesis-single", p.Scenario));
    }
}
