using Testbed.Analysis.Charts;

namespace Testbed.Analysis.Tests.Charts;

[Trait("Tier", "Unit")]
public class SvgRootTests
{
    private const string Head = """<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="900" height="500" """;

    [Fact]
    public void Both_orders_plotly_serialises_the_root_in_give_the_same_text()
    {
        // The two forms seen when the same chart was rendered 8 times in a row.
        var styleFirst = Head + """style="" viewBox="0 0 900 500"><g class="cartesianlayer"/></svg>""";
        var viewBoxFirst = Head + """viewBox="0 0 900 500" style=""><g class="cartesianlayer"/></svg>""";

        Assert.Equal(SvgRoot.Canonical(styleFirst), SvgRoot.Canonical(viewBoxFirst));
        Assert.Equal(Head + """viewBox="0 0 900 500"><g class="cartesianlayer"/></svg>""", SvgRoot.Canonical(viewBoxFirst));
    }

    [Fact]
    public void Styles_that_say_something_and_inner_elements_are_left_alone()
    {
        var svg = Head + """style="background: white;" viewBox="0 0 900 500"><text style="">a</text></svg>""";

        Assert.Equal(svg, SvgRoot.Canonical(svg));
    }
}
