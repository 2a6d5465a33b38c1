using System.Text.RegularExpressions;

namespace Testbed.Analysis.Charts;

/// <summary>
/// Plotly's SVG export clears the paper's background with <c>style.background = ""</c>, which
/// leaves an empty <c>style=""</c> on the root element, and sets <c>viewBox</c> last. Now and then
/// (about one image in six here) the paper already carries its viewBox when the style is cleared,
/// so the same chart serialised its root attributes in the other order and a re-rendered report
/// was not byte-identical. The empty style means nothing; dropping it gives one form.
/// </summary>
internal static partial class SvgRoot
{
    public static string Canonical(string svg)
    {
        var rootEnd = svg.IndexOf('>');
        if (!svg.StartsWith("<svg", StringComparison.Ordinal) || rootEnd < 0)
            return svg;
        var root = EmptyStyle().Replace(svg[..rootEnd], "");
        return root + svg[rootEnd..];
    }

    [GeneratedRegex("""\sstyle=""(?=[\s/]|$)""")]
    private static partial Regex EmptyStyle();
}
