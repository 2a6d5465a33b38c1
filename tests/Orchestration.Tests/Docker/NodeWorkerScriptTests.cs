using Testbed.Orchestration.Execution;

namespace Testbed.Orchestration.Tests.Docker;

[Trait("Tier", "Unit")]
public sealed class NodeWorkerScriptTests
{
    private static readonly NodeWorkerPaths Paths = new("/var/lib/testbed/rootfs/abc", "/var/lib/testbed/trainer/def", "/var/lib/testbed/runs/r/w1",
        "/var/lib/testbed/secrets/s", "/var/lib/testbed/work/tb-1-w1-n0-0");

    [Fact]
    public void A_native_worker_on_a_node_gets_the_containers_cfs_quota_a_private_mount_namespace_and_the_unprivileged_user()
    {
        var script = NodeWorkerScript.Build("tb-1-w1-n0-0", 0.6, Paths, 10001, ["train", "--peers", "172.31.250.11:29500,172.31.250.12:29500", "--rank", "1"]);

        Assert.Contains("echo 60000 > \"$cg/cpu.cfs_quota_us\"", script);
        Assert.Contains("echo '60000 100000' > \"$cg/cpu.max\"", script);
        Assert.Contains("echo $$ > \"$cg/cgroup.procs\"", script);
        Assert.Contains("exec unshare --mount --propagation private sh -c", script);
        Assert.Contains("lowerdir='\\''/var/lib/testbed/rootfs/abc/root'\\''", script);
        Assert.Contains("chroot --userspec=10001:10001", script);
        Assert.Contains("'\\''172.31.250.11:29500,172.31.250.12:29500'\\''", script);
        // The trainer's folder and token are mounted, the token and trainer read-only.
        Assert.Contains("mount -o remount,bind,ro \"$scratch/merged\"/opt/testbed/trainer", script);
        Assert.Contains("mount -o remount,bind,ro \"$scratch/merged\"/run/secrets", script);
        Assert.Contains("/run/secrets", script);
    }
}
