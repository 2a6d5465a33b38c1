using Testbed.Analysis.Results;
using Testbed.Analysis.Stats;
using Testbed.Analysis.Summary;

namespace Testbed.Analysis.Tests.Summary;

[Trait("Tier", "Unit")]
public class OutliersTests
{
    private static RepetitionResult Measured(Mode mode, int index, double seconds) =>
        new(mode, index, false, RepetitionState.Succeeded, new Dictionary<string, double?>(), seconds, null);

    [Fact]
    public void A_repetition_far_from_its_modes_median_is_reported_and_the_others_are_not()
    {
        var repetitions = new[] { 100.0, 101, 99, 102, 100.5, 140 }.Select((s, i) => Measured(Mode.Native, i + 1, s))
            .Concat(new[] { 120.0, 121, 119, 122, 120.5 }.Select((s, i) => Measured(Mode.Container, i + 1, s))).ToList();

        var outliers = Outliers.Of(repetitions);

        var outlier = Assert.Single(outliers);
        Assert.Equal((Mode.Native, 6), (outlier.Mode, outlier.Index));
    }

    [Fact]
    public void Below_five_measured_repetitions_of_a_mode_no_rule_is_applied()
    {
        Assert.Empty(Outliers.Of([Measured(Mode.Native, 1, 100), Measured(Mode.Native, 2, 100.1), Measured(Mode.Native, 3, 500)]));
    }

    [Fact]
    public void A_missing_value_is_printed_as_missing_never_as_zero()
    {
        Assert.Equal(Format.None, Format.Number((double?)null));
        Assert.Equal("0.0", Format.Number((double?)0));
    }
}
