using System.Diagnostics;
using Testbed.Orchestration.Cleanup;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Execution;
using Xunit.Abstractions;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>
/// The node layer under faults, against the real virtual nodes: a connection cut under a running
/// process, a frozen node, a download that cannot be verified, a driver that vanished and left
/// everything running, a sudo node, the engine's door. Each test uses shells of its own on node-2
/// (never the fixture's), so a fault never reaches the other tests.
/// </summary>
[Collection(VirtualClusterCollection.Name)]
[Trait("Tier", "Integration")]
public sealed class NodeFaultTests(VirtualClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly NodeShellOptions Quick = NodeShellOptions.Default with
    {
        ConnectTimeout = TimeSpan.FromSeconds(3),
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        LivenessTimeout = TimeSpan.FromSeconds(4),
        LostProcessKillWindow = TimeSpan.FromSeconds(60),
        StartTimeout = TimeSpan.FromSeconds(5),
    };

    private const string NodeProcessScriptTag = "TESTBED_PROCESS";

    private ClusterNode Node2 => fixture.Cluster.Nodes[1];

    private Task<NodeShell> OwnShellAsync(NodeShellOptions? options = null) =>
        NodeShell.ConnectAsync(Node2.Shell.Target, TimeSpan.FromSeconds(30), CancellationToken.None, options ?? Quick);

    [Fact]
    public async Task A_cut_connection_makes_its_process_lost_not_exited_and_stopping_it_kills_its_group_from_a_fresh_connection()
    {
        await using var shell = await OwnShellAsync();
        await using var process = await shell.StartAsync("sleep 611 & sleep 612", _ => { });

        await NodeFaults.CutConnectionOfAsync(Node2.Shell, process.ProcessGroup);
        var end = await process.Ended.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(end.IsLost, $"a cut connection was read as an exit: {end}");
        Assert.Equal(RemoteProcessState.Lost, process.State);
        Assert.Contains("sleep 61", await NodeFaults.RunningAsync(Node2.Shell, "sleep 61[12]")); // the cut alone stops nothing
        Assert.Null(await process.StopAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal("", await NodeFaults.RunningAsync(Node2.Shell, "sleep 61[12]"));
    }

    [Fact]
    public async Task A_command_cut_off_is_retried_once_on_a_fresh_connection_when_idempotent_and_the_processes_connection_survives()
    {
        await using var shell = await OwnShellAsync();
        await using var process = await shell.StartAsync("sleep 621", _ => { });
        var marker = $"/tmp/tbn-cut-{Guid.NewGuid():N}";
        // Cuts its own connection the first time it runs, succeeds the second.
        var cutsItself = $"if [ ! -e {marker} ]; then touch {marker}; p=$$; while [ \"$p\" -gt 1 ]; do case \"$(cat " +
            $"/proc/$p/comm)\" in sshd*) kill -9 \"$p\"; sleep 5;; esac; p=$(ps -o ppid= -p \"$p\" | tr -d ' '); done; fi; echo second";

        var retried = await shell.RunAsync(cutsItself, TimeSpan.FromSeconds(30), idempotent: true);
        var once = await Assert.ThrowsAsync<NodeUnreachableException>(() => shell.RunAsync($"rm -f {marker}; {cutsItself}", TimeSpan.FromSeconds(30)));

        Assert.Equal("second", retried.Output.Trim());
        Assert.Contains("Lost", once.Message);
        Assert.Equal(RemoteProcessState.Running, process.State); // commands and processes have connections of their own
        Assert.Equal("ok", (await shell.RunAsync("echo ok", TimeSpan.FromSeconds(10))).Output.Trim());
        await Node2.Shell.RunAsync($"rm -f {marker}", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_frozen_node_is_noticed_within_seconds_its_process_marked_lost_and_killed_once_it_thaws()
    {
        await using var shell = await OwnShellAsync();
        await using var process = await shell.StartAsync("sleep 631", _ => { });
        var clock = Stopwatch.StartNew();
        RemoteExit end;
        await using (await NodeFaults.FreezeAsync(fixture, "node-2"))
        {
            end = await process.Ended.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"noticed after {clock.Elapsed.TotalSeconds:0.0} s: {end.LostReason}");
            Assert.True(end.IsLost, $"{end}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"a frozen node took {clock.Elapsed.TotalSeconds:0.0} s to notice (liveness timeout 4 s)");
            var command = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<Exception>(() => shell.RunAsync("true", TimeSpan.FromSeconds(3)));
            Assert.True(command.Elapsed < TimeSpan.FromSeconds(30), $"a command on the frozen node took {command.Elapsed.TotalSeconds:0.0} s to give up");
        }
        Assert.Null(await process.StopAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal("", await NodeFaults.RunningAsync(Node2.Shell, "sleep 631"));
    }

    [Fact]
    public async Task A_start_on_a_frozen_node_gives_up_within_its_deadline_and_leaves_nothing_running_once_it_thaws()
    {
        await using var shell = await OwnShellAsync();
        await using (await shell.StartAsync("sleep 641", _ => { })) { } // the processes' connection is open before the freeze
        var freeze = await NodeFaults.FreezeAsync(fixture, "node-2");
        // The fault lasts 12 s, past the start's deadline: not a wait. The failed start keeps trying to
        // kill what it began until the node answers again, so the thaw cannot wait for its failure.
        var thawSoon = Task.Delay(TimeSpan.FromSeconds(12)).ContinueWith(_ => freeze.DisposeAsync().AsTask()).Unwrap();

        var failed = await Assert.ThrowsAsync<Processes.ProcessFailedException>(() => shell.StartAsync("sleep 642", _ => { }));
        await thawSoon;
        output.WriteLine(failed.Message);

        Assert.Contains("did not start", failed.Message);
        // "Nothing starts later": the exec queued in the frozen sshd may run only after the thaw, and no
        // event on the node says it would have by now, so this one is a bounded wait by design.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("", await NodeFaults.RunningAsync(Node2.Shell, "sleep 64[12]"));
    }

    [Fact]
    public async Task A_start_that_does_not_report_in_time_is_killed_on_the_node_not_left_running()
    {
        // No start reports in no time: the command is sent, the start is given up, and whatever began must go.
        // (A millisecond was not enough: on a busy machine the deadline's timer fired after the group had arrived.)
        await using var shell = await OwnShellAsync(Quick with { StartTimeout = TimeSpan.Zero });

        var failed = await Assert.ThrowsAsync<Processes.ProcessFailedException>(() => shell.StartAsync("sleep 644", _ => { }));
        output.WriteLine(failed.Message);
        // "Nothing starts later": the kill was confirmed, but an exec still in flight would start after
        // it, and no event says it would have by now, so this one is a bounded wait by design.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal("", await NodeFaults.RunningAsync(Node2.Shell, "sleep 644"));
        Assert.Contains("killed on the node", failed.Message);
    }

    [Fact]
    public async Task On_a_sudo_node_commands_run_as_root_and_a_timed_out_one_is_killed_as_root()
    {
        await SudoUser.EnsureAsync(Node2.Shell);
        var target = Node2.Shell.Target with { User = SudoUser.Name, Sudo = true };
        await using var shell = await NodeShell.ConnectAsync(target, TimeSpan.FromSeconds(30), CancellationToken.None, Quick);

        Assert.Equal("0", (await shell.RunAsync("id -u", TimeSpan.FromSeconds(10))).Output.Trim());
        var slow = await Assert.ThrowsAsync<Processes.ProcessFailedException>(() => shell.RunAsync("sleep 651; true", TimeSpan.FromSeconds(2)));
        Assert.Contains("did not finish within 2 s", slow.Message);
        Assert.Equal("", await NodeFaults.RunningAsync(Node2.Shell, "sleep 651"));
    }

    [Fact]
    public async Task A_download_that_cannot_be_verified_leaves_the_node_folder_in_place_and_says_where()
    {
        var runFolder = $"{NodeLayout.Root}/runs/tbn-collect-{Guid.NewGuid():N}";
        var path = $"{runFolder}/w1";
        await Node2.Shell.RunAsync($"mkdir -p {path}/checkpoints && echo '{{\"epoch\":1}}' > {path}/worker-0.jsonl " +
            $"&& head -c 100000 /dev/urandom > {path}/checkpoints/epoch-1.ckpt", TimeSpan.FromSeconds(20));
        var local = Directory.CreateTempSubdirectory("tbn-collect-").FullName;
        try
        {
            // A hard link a worker made: refused here (it could point anywhere on this machine), so the copy
            // lacks a name the node listed. Deterministic, where a worker still appending was not: twice in
            // clean-clone runs the listing and the copy both fell between two of its appends, and matched.
            await Node2.Shell.RunAsync($"ln {path}/worker-0.jsonl {path}/worker-0.link.jsonl", TimeSpan.FromSeconds(10));
            var problem = await NodeWorkerFiles.CollectFromAsync(Node2.Shell, path, local, remove: true);
            output.WriteLine(problem ?? "(collected)");

            Assert.NotNull(problem);
            Assert.Contains("stays there", problem);
            Assert.Contains("not whole", problem);
            Assert.Contains("is missing", problem);
            Assert.Equal("kept",
                (await Node2.Shell.RunAsync($"test -f {path}/checkpoints/epoch-1.ckpt && echo kept", TimeSpan.FromSeconds(10),
                check: false)).Output.Trim());

            await Node2.Shell.RunAsync($"rm {path}/worker-0.link.jsonl", TimeSpan.FromSeconds(10));
            Assert.Null(await NodeWorkerFiles.CollectFromAsync(Node2.Shell, path, local, remove: true));
            Assert.Equal(100000, new FileInfo(Path.Combine(local, "checkpoints", "epoch-1.ckpt")).Length);
            Assert.Equal("gone", (await Node2.Shell.RunAsync($"test -d {path} || echo gone", TimeSpan.FromSeconds(10), check: false)).Output.Trim());
        }
        finally
        {
            Directory.Delete(local, recursive: true);
            // The run folder, not only w1: an empty one left after a failure would be counted by the next test's sweep.
            await Node2.Shell.RunAsync($"rm -rf {runFolder}", TimeSpan.FromSeconds(10), check: false);
        }
    }

    [Fact]
    public async Task A_node_frozen_during_collection_costs_seconds_and_keeps_its_folder()
    {
        var runFolder = $"{NodeLayout.Root}/runs/tbn-frozen-{Guid.NewGuid():N}";
        var path = $"{runFolder}/w1";
        await Node2.Shell.RunAsync($"mkdir -p {path} && echo '{{\"epoch\":1}}' > {path}/worker-0.jsonl", TimeSpan.FromSeconds(20));
        var local = Directory.CreateTempSubdirectory("tbn-frozen-").FullName;
        await using var shell = await OwnShellAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            string? problem;
            await using (await NodeFaults.FreezeAsync(fixture, "node-2"))
                problem = await NodeWorkerFiles.CollectFromAsync(shell, path, local, remove: true);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {problem}");

            Assert.NotNull(problem);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"collecting from a frozen node took {clock.Elapsed.TotalSeconds:0} s");
            Assert.Equal("kept",
                (await Node2.Shell.RunAsync($"test -f {path}/worker-0.jsonl && echo kept", TimeSpan.FromSeconds(10), check: false)).Output.Trim());
        }
        finally
        {
            Directory.Delete(local, recursive: true);
            // The run folder, not only w1: an empty one left after a failure would be counted by the next test's sweep.
            await Node2.Shell.RunAsync($"rm -rf {runFolder}", TimeSpan.FromSeconds(10), check: false);
        }
    }

    [Fact]
    public async Task A_sweep_kills_a_vanished_driver_s_workers_and_loops_and_collects_its_run_folder_before_removing_anything()
    {
        var run = $"tbn-sweep-{Guid.NewGuid():N}"[..20];
        var results = Directory.CreateTempSubdirectory("tbn-sweep-results-").FullName;
        var cgroup = "/sys/fs/cgroup/cpu/testbed/tbn-sweep-0";
        try
        {
            // What a driver killed outright leaves: a worker in its cgroup (untagged: workers run under env -i), a watch
            // loop carrying that driver's tag, a token and a run folder, none of them tied to a connection any more.
            var folder = $"{NodeLayout.Root}/runs/{run}/smoke/native/rep-00/w1";
            await Node2.Shell.RunAsync(string.Join('\n',
                $"mkdir -p {NodeLayout.Root}/secrets/tbn-sweep {folder} {cgroup}",
                $"echo token > {NodeLayout.Root}/secrets/tbn-sweep/token && echo '{{\"epoch\":1}}' > {folder}/worker-0.jsonl",
                $"setsid -f sh -c 'echo $$ > {cgroup}/cgroup.procs; exec env -i sleep 661' >/dev/null 2>&1 </dev/null",
                $"{NodeProcessScriptTag}=dead0000.1 setsid -f sh -c 'while :; do sleep 1; done' >/dev/null 2>&1 </dev/null"), TimeSpan.FromSeconds(20));
            Assert.Contains("sleep 661", await NodeFaults.RunningAsync(Node2.Shell, "sleep 661"));

            await using var shell = await OwnShellAsync();
            var swept = await NodeSweep.SweepNodeAsync("node-2", shell, engine: null, results, CancellationToken.None);
            output.WriteLine(swept.ToString());

            Assert.Empty(swept.Problems);
            Assert.Equal((1, 1, 1, 1), (swept.WorkerProcesses, swept.WatchLoops, swept.Cgroups, swept.RunFolders));
            Assert.True(swept.Tokens >= 1, swept.ToString());
            Assert.StartsWith("node-2: swept 1 worker process, 1 watch loop, 1 cgroup", swept.ToString());
            Assert.Equal("{\"epoch\":1}", File.ReadAllText(Path.Combine(results, run, "smoke", "native", "rep-00", "w1", "worker-0.jsonl")).Trim());
            Assert.Contains("collected by the sweep", File.ReadAllText(Path.Combine(results, run, "recovered.txt")));
            Assert.Equal("", await NodeFaults.RunningAsync(Node2.Shell, "sleep 661|while :; do sleep 1"));
            var left = await Node2.Shell.RunAsync($"ls -d {cgroup} {NodeLayout.Root}/secrets/* {NodeLayout.Root}/runs/* 2>/dev/null; true",
                TimeSpan.FromSeconds(10));
            Assert.Equal("", left.Output.Trim());

            var again = await NodeSweep.SweepNodeAsync("node-2", shell, engine: null, results, CancellationToken.None);
            Assert.Equal("node-2: nothing left from earlier runs", again.ToString());
        }
        finally
        {
            Directory.Delete(results, recursive: true);
            await Node2.Shell.RunAsync($"rmdir {cgroup} 2>/dev/null; rm -rf {NodeLayout.Root}/runs/{run} {NodeLayout.Root}/secrets/tbn-sweep; true",
                TimeSpan.FromSeconds(10), check: false);
        }
    }
}
