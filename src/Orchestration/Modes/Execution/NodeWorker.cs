using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Execution;

/// <summary>One native worker on a cluster node: its remote process, cgroup, scratch folder and console log here.</summary>
internal sealed class NodeWorker(int rank, ClusterNode node, string cgroup, string scratch, StreamWriter log)
{
    public int Rank => rank;
    public ClusterNode Node => node;
    public string Cgroup => cgroup;
    public string Scratch => scratch;
    public RemoteProcess? Process { get; set; }

    public void Write(string line)
    {
        lock (log) log.WriteLine(line);
    }

    public void CloseLog()
    {
        lock (log) log.Dispose();
    }
}
