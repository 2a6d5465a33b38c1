using System.Globalization;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>Faults made on purpose against the test cluster's nodes: a connection cut, a node frozen.</summary>
internal static class NodeFaults
{
    /// <summary>
    /// Cuts the SSH connection that carries process <paramref name="pid"/> on the node: the sshd
    /// process serving it (its nearest sshd ancestor) is killed from another connection, so the TCP
    /// connection closes as after a network cut, and the process itself is left running.
    /// </summary>
    public static async Task CutConnectionOfAsync(NodeShell via, int pid)
    {
        var script = $"p={pid.ToString(CultureInfo.InvariantCulture)}; while [ \"$p\" -gt 1 ]; do " +
            "case \"$(cat /proc/$p/comm 2>/dev/null)\" in sshd*) kill -9 \"$p\"; echo \"cut $p\"; exit 0;; esac; " +
            "p=$(ps -o ppid= -p \"$p\" | tr -d ' '); done; echo 'no sshd above'; exit 1";
        await via.RunAsync(script, TimeSpan.FromSeconds(20));
    }

    /// <summary>Freezes a virtual node (docker pause: every process in it stops, its TCP connections stay open and silent) until disposed.</summary>
    public static async Task<IAsyncDisposable> FreezeAsync(VirtualClusterFixture fixture, string node)
    {
        var container = VirtualClusterFixture.Naming.Container(node);
        await fixture.Host.PauseContainerAsync(container, CancellationToken.None);
        return new Thaw(() => fixture.Host.UnpauseContainerAsync(container, CancellationToken.None));
    }

    /// <summary>What runs on the node matching <paramref name="pattern"/> (pgrep -f), one line each.</summary>
    public static async Task<string> RunningAsync(NodeShell via, string pattern) =>
        (await via.RunAsync($"pgrep -af {ShellQuote.Quote(pattern)} | grep -v pgrep; true", TimeSpan.FromSeconds(20))).Output.Trim();

    private sealed class Thaw(Func<Task> thaw) : IAsyncDisposable
    {
        private int _done;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) await thaw();
        }
    }
}
