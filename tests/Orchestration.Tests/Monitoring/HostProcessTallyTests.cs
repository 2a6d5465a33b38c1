using System.Diagnostics;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>The driving machine's processes from /proc: a stat line and its cgroup read, and the CPU each used between two readings.</summary>
[Trait("Tier", "Unit")]
public sealed class HostProcessTallyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-host-processes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime prio nice threads
    // itrealvalue starttime ...; utime 250 and stime 50 ticks, children's 9999 not counted, started at tick 7777.
    private const string Stat = "4242 (dockerd (x) 2) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 9999 9999 20 0 12 0 7777 1000000 500 " +
        "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

    [Fact]
    public void A_stat_line_gives_the_name_up_to_the_last_parenthesis_user_and_system_ticks_and_the_start()
    {
        var process = ProcessCpu.Parse(4242, Stat, "0::/system.slice/docker.service\n")!.Value;

        Assert.Equal(new ProcessCpu(4242, 7777, "dockerd (x) 2", "/system.slice/docker.service", 300), process);
    }

    [Theory]
    [InlineData("12:pids:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/docker/abc", "/docker/abc")]
    [InlineData("1:cpu:/testbed/w1-0\n2:cpuacct:/testbed/w1-0\n0::/", "/testbed/w1-0")]
    [InlineData("0::/user.slice", "/user.slice")]
    [InlineData("4:memory:/x", "")]
    public void The_cgroup_is_the_cpu_controllers_under_v1_else_the_unified_one(string cgroups, string expected) =>
        Assert.Equal(expected, ProcessCpu.CpuCgroupOf(cgroups));

    [Theory]
    [InlineData("4242 dockerd S 1")]
    [InlineData("4242 (dockerd) S 1 2 3")]
    [InlineData("4242 (dockerd) S 1 4242 4242 0 -1 4194560 100 0 0 0 x 50 0 0 20 0 12 0 7777")]
    public void A_line_that_is_not_a_stat_line_gives_nothing(string stat) => Assert.Null(ProcessCpu.Parse(4242, stat, ""));

    [Fact]
    public void Between_two_readings_a_process_counts_what_it_used_a_new_one_all_it_used_and_a_reused_pid_is_a_new_process()
    {
        var start = new Dictionary<(int, long), ProcessCpu>
        {
            [(1, 10)] = new(1, 10, "dockerd", "/", 1000),
            [(2, 20)] = new(2, 20, "old", "/", 500),
            [(3, 30)] = new(3, 30, "idle", "/", 70),
        };
        ProcessCpu[] end = [new(1, 10, "dockerd", "/", 1250), new(2, 90, "new", "/docker/n1", 40), new(3, 30, "idle", "/", 70)];

        var used = HostProcessTally.Between(start, end);

        Assert.Equal([("dockerd", 2.5), ("new", 0.4)], used.Select(p => (p.Name, p.CpuSeconds)));
        Assert.True(used[1].InsideTheNodes);
    }

    [Fact]
    public void On_this_machine_a_tally_names_this_process_when_it_spins_and_writes_the_file()
    {
        var path = Path.Combine(_folder, Runs.RunLayout.HostProcessesFile);
        using (HostProcessTally.Start(path))
        {
            var spin = Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < 300) { }
        }

        var rows = Runs.HostProcessesCsv.Read(path);
        Assert.Contains(rows, r => r.Pid == Environment.ProcessId && r.CpuSeconds > 0);
        Assert.True(rows.Count <= HostProcessTally.Kept);
        Assert.Equal(rows.OrderByDescending(r => r.CpuSeconds).Select(r => r.Pid), rows.Select(r => r.Pid));
    }
}
