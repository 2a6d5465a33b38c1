using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// The POSIX sh loop that ends once a worker's records hold a given epoch: one awk a tenth of a
/// second, on the node, so a stop-node fault strikes within about 0.1 s of the epoch's end.
/// A record is one JSON object a line with <c>"epoch":&lt;n&gt;</c> (never confused with <c>"epochs":</c>).
/// </summary>
public static class EpochWatchScript
{
    public static string Build(string recordsFile, int epoch) =>
        $"f={ShellQuote.Quote(recordsFile)}\n" +
        $"until [ -f \"$f\" ] && awk -F'\"epoch\":' 'NF > 1 {{ split($2, v, \",\"); if (v[1] + 0 > m) m = v[1] + 0 " +
            $"}} END {{ exit !(m >= {epoch.ToString(CultureInfo.InvariantCulture)}) }}' \"$f\"; do sleep 0.1; done";
}
