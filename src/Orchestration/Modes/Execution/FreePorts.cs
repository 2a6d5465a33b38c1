using System.Net;
using System.Net.Sockets;

namespace Testbed.Orchestration.Execution;

public static class FreePorts
{
    /// <summary>Ports free on loopback right now, chosen by the kernel (never fixed numbers that may clash).</summary>
    public static IReadOnlyList<int> OnLoopback(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
