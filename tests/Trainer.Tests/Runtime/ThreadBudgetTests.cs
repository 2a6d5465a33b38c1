using Testbed.Trainer.Runtime;

namespace Testbed.Trainer.Tests.Runtime;

public sealed class ThreadBudgetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("threads-").FullName;

    [Fact]
    public void A_cgroup_v1_quota_of_one_cpu_gives_one_thread_on_a_two_core_machine()
    {
        var cgroup = Write("proc-cgroup", "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n");
        Write("cg/cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "100000\n");
        Write("cg/cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000\n");

        var budget = ThreadBudget.FromCgroup(cgroup, Path.Combine(_root, "cg"), affinityCount: 2);

        Assert.Equal(1, budget.Threads);
        Assert.Contains("cgroup v1", budget.Reason);
    }

    [Fact]
    public void A_container_that_sees_only_its_own_cgroup_root_reads_the_quota_there()
    {
        var cgroup = Write("proc-cgroup", "4:cpu,cpuacct:/docker/abc\n");
        Write("cg/cpu,cpuacct/cpu.cfs_quota_us", "150000");
        Write("cg/cpu,cpuacct/cpu.cfs_period_us", "100000");

        Assert.Equal(1, ThreadBudget.FromCgroup(cgroup, Path.Combine(_root, "cg"), 2).Threads);
    }

    [Fact]
    public void A_cgroup_v2_cpu_max_is_read_and_the_tightest_ancestor_wins()
    {
        var cgroup = Write("proc-cgroup", "0::/job/worker\n");
        Write("cg/job/cpu.max", "100000 100000");
        Write("cg/job/worker/cpu.max", "max 100000");

        var budget = ThreadBudget.FromCgroup(cgroup, Path.Combine(_root, "cg"), 4);

        Assert.Equal(1, budget.Threads);
        Assert.Contains("cgroup v2", budget.Reason);
    }

    [Fact]
    public void Without_a_quota_the_affinity_mask_decides_not_the_core_count()
    {
        var cgroup = Write("proc-cgroup", "0::/\n");
        Write("cg/cpu.max", "max 100000");

        var budget = ThreadBudget.FromCgroup(cgroup, Path.Combine(_root, "cg"), 3);

        Assert.Equal(3, budget.Threads);
        Assert.Contains("affinity", budget.Reason);
    }

    [Fact]
    public void An_explicit_thread_count_overrides_everything()
    {
        Assert.Equal(5, ThreadBudget.Decide(5).Threads);
    }

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
