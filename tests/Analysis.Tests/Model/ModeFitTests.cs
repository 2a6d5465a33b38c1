using Testbed.Analysis.Model;

namespace Testbed.Analysis.Tests.Model;

[Trait("Tier", "Unit")]
public class ModeFitTests
{
    private static readonly RingParameters Truth = new(400e-6, Synthetic.Bandwidth, 3e-9);

    [Fact]
    public void Exact_points_of_several_sizes_give_back_latency_per_byte_cost_and_compute()
    {
        var points = Synthetic.Points(Mode.Native, Truth, 0.5, 2, Synthetic.Grid, rounds: 3, noise: 0);

        var fit = ModeFit.Fit(Mode.Native, points, Synthetic.Bandwidth, Synthetic.Rtt)!;

        Assert.True(fit.LatencyFitted);
        Assert.Equal(400e-6, fit.Path.LatencySeconds, 9);
        Assert.Equal(3e-9, fit.Path.ReductionSecondsPerByte, 12);
        Assert.Equal(0, fit.ComputeInterceptMs, 6);
        Assert.Equal(0.5, fit.ComputeMsPerSample!.Value, 9);
        Assert.Equal(2, fit.OtherMs, 9);
    }

    [Fact]
    public void Noisy_points_give_the_parameters_back_within_tolerance()
    {
        var points = Synthetic.Points(Mode.Native, Truth, 0.5, 2, Synthetic.Grid, rounds: 10, noise: 0.03);

        var fit = ModeFit.Fit(Mode.Native, points, Synthetic.Bandwidth, Synthetic.Rtt)!;

        Assert.InRange(fit.Path.LatencySeconds, 400e-6 * 0.85, 400e-6 * 1.15);
        Assert.InRange(fit.Path.ReductionSecondsPerByte, 3e-9 * 0.9, 3e-9 * 1.1);
        Assert.InRange(fit.ComputeMsPerSample!.Value, 0.5 * 0.97, 0.5 * 1.03);
    }

    [Fact]
    public void One_size_takes_latency_from_the_round_trip_and_reproduces_the_measured_all_reduce()
    {
        var points = Synthetic.Points(Mode.Native, Truth, 0.5, 2, [(3, 64, 2e6)], rounds: 4, noise: 0);

        var fit = ModeFit.Fit(Mode.Native, points, Synthetic.Bandwidth, Synthetic.Rtt)!;

        Assert.False(fit.LatencyFitted);
        Assert.Equal(Synthetic.Rtt / 2, fit.Path.LatencySeconds, 12);
        Assert.Equal(points[0].AllReduceMs, fit.AllReduceMs(3, 2e6), 9);
        Assert.Equal(64, fit.MeasuredBatch);
        Assert.Equal(0.5, fit.ComputeMsPerSample!.Value, 9); // one batch: compute proportional to it
    }

    [Fact]
    public void Only_single_worker_points_leave_nothing_to_fit()
    {
        var points = Synthetic.Points(Mode.Native, Truth, 0.5, 2, [(1, 64, 2e6)], rounds: 2, noise: 0);

        Assert.Null(ModeFit.Fit(Mode.Native, points, Synthetic.Bandwidth, Synthetic.Rtt));
    }
}
