using System.Globalization;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// How every command and process runs on a node, so that the pipeline can always stop it: as
/// root (through <c>sudo -n</c> where the node says so), leading a process group of its own
/// (<c>setsid -w</c>, whose id it prints first), and tagged with <see cref="TagVariable"/> in its
/// environment, which its children inherit. A timed-out command, a start that failed and a
/// driver's leftovers are then found and killed as root, by group or by tag: a signal sent
/// through SSH reaches neither a setsid'ed group nor, on sudo hosts, a root process.
/// </summary>
public static class NodeProcessScript
{
    public const string PidMarker = "testbed-pid ";

    /// <summary>The environment variable that marks the pipeline's processes on a node (value: shell session and a counter).</summary>
    public const string TagVariable = "TESTBED_PROCESS";

    /// <summary>Where a tag is marked cancelled: a command whose start was given up must not begin when a frozen node thaws and runs it late.</summary>
    public const string CancelledDirectory = NodeLayout.Root + "/work/cancelled";

    /// <summary>The command line to send: stdout and stderr together, the group's id on the first line.</summary>
    public static string Wrap(string command, string tag, bool sudo)
    {
        var inner = $"[ -e {CancelledDirectory}/{tag} ] && exit 125; export {TagVariable}={tag}; " +
            $"echo \"{PidMarker}$$\"; exec sh -c {ShellQuote.Quote(command)}";
        return (sudo ? "sudo -n " : "") + "setsid -w sh -c " + ShellQuote.Quote(inner) + " 2>&1";
    }

    /// <summary>
    /// As root: marks <paramref name="tag"/> cancelled (so a start still queued on a frozen node never
    /// begins), kills the process group (when known) and every process carrying the tag, then waits
    /// up to 2 s for them to be gone; the last line says <c>gone</c> or <c>alive</c>. The mark stays
    /// only for a command that never reported its group (it may begin late); the sweep removes it.
    /// </summary>
    public static string KillAndConfirm(int? processGroup, string tag)
    {
        var g = processGroup is > 0 ? processGroup.Value.ToString(CultureInfo.InvariantCulture) : null;
        var pattern = ShellQuote.Quote(TagVariable + "=" + tag);
        return string.Join('\n',
            $"mkdir -p {CancelledDirectory} && touch {CancelledDirectory}/{tag}",
            g is null ? "" : $"env kill -KILL -- -{g} 2>/dev/null",
            KillTagged($"-x {pattern}"),
            "i=0; while :; do alive=0",
            g is null ? "" : $"  env kill -0 -- -{g} 2>/dev/null && alive=1",
            $"  grep -lzx {pattern} /proc/[0-9]*/environ >/dev/null 2>&1 && alive=1",
            "  [ $alive = 0 ] || [ $i -ge 20 ] && break; sleep 0.1; i=$((i+1))",
            "done",
            // A command that had started (its group is known) and is gone needs no mark; one that never reported may still start late.
            g is null
                ? "[ $alive = 0 ] && echo gone || echo alive"
                : $"if [ $alive = 0 ]; then rm -f {CancelledDirectory}/{tag}; rmdir {CancelledDirectory} 2>/dev/null; echo gone; else echo alive; fi");
    }

    /// <summary>
    /// Kills the process groups of every process whose environment matches grep's pattern
    /// (arguments to grep -z, e.g. -x 'TESTBED_PROCESS=ab12.3'); counts them in $n. One grep over
    /// every /proc/*/environ, no fork per process.
    /// </summary>
    public static string KillTagged(string grepPattern) =>
        "n=0; for f in $(grep -lz " + grepPattern + " /proc/[0-9]*/environ 2>/dev/null); do p=${f#/proc/}; p=${p%/environ}; " +
        "[ \"$p\" = \"$$\" ] && continue; g=$(ps -o pgid= -p \"$p\" 2>/dev/null | tr -d ' '); n=$((n+1)); " +
        "[ -n \"$g\" ] && env kill -KILL -- -\"$g\" 2>/dev/null; env kill -KILL \"$p\" 2>/dev/null; done; ";

    /// <summary>The exit code a shell would report for a command ended by <paramref name="signal"/> (an SSH exit-signal name).</summary>
    public static int ExitCodeOf(string signal) => 128 + signal switch
    {
        "HUP" => 1, "INT" => 2, "QUIT" => 3, "ILL" => 4, "ABRT" => 6, "FPE" => 8, "KILL" => 9,
        "USR1" => 10, "SEGV" => 11, "USR2" => 12, "PIPE" => 13, "ALRM" => 14, "TERM" => 15,
        _ => 127,
    };
}
