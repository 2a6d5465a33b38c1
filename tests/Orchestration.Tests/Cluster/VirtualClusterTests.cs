using System.Diagnostics;
using System.Net.Sockets;
using Testbed.Orchestration.Cluster;
using Xunit.Abstractions;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>The node layer against real virtual nodes: SSH, tunnels, swarm, overlay traffic across nodes, images.</summary>
[Collection(VirtualClusterCollection.Name)]
[Trait("Tier", "Integration")]
public sealed class VirtualClusterTests(VirtualClusterFixture fixture, ITestOutputHelper output)
{
    private ProvisionedCluster Cluster => fixture.Cluster;

    [Fact]
    public void A_cluster_made_from_nothing_is_reused_the_second_time()
    {
        output.WriteLine($"from nothing: {fixture.FromNothing}\nreused: {fixture.Reused}\n{fixture.Log}");
        Assert.Equal(["node-1", "node-2"], fixture.FromNothing.CreatedNodes);
        Assert.True(fixture.Reused.Reused, "the second EnsureAsync made nodes again");
        Assert.All(Cluster.Nodes, n =>
            Assert.False(n.Preparation!.RootfsCopied || n.Preparation.TrainerCopied || n.Preparation.ImageLoaded, $"{n.Name} was prepared again"));
        Assert.Equal(["172.31", "172.31"], Cluster.Nodes.Select(n => string.Join('.', n.Address.Split('.').Take(2))));
        Assert.Equal(2, Cluster.Nodes.Select(n => n.Address).Distinct().Count());
        Assert.True(fixture.Reused.TotalSeconds < 10, $"reusing took {fixture.Reused.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Files_a_worker_left_on_a_node_come_back_without_links_devices_fifos_or_set_id_bits_and_the_refusals_are_named()
    {
        var back = Directory.CreateTempSubdirectory("tbn-down-").FullName;
        var node = Cluster.Nodes[1];
        const string folder = "/var/lib/testbed/tbn-it-worker";
        try
        {
            // What a worker (uid 10001) can leave in its folder, and root's set-id file and device for good measure.
            await node.Shell.RunAsync(
                $"rm -rf {folder} && mkdir -p {folder}/checkpoints && echo records > " +
                    $"{folder}/worker-0.jsonl && echo weights > {folder}/checkpoints/epoch-1.ckpt && " +
                $"ln -s /etc/shadow {folder}/worker-1.log && mkfifo {folder}/pipe && mknod {folder}/null c 1 3 && printf 'x' > {folder}/tool && " +
                $"chown -R -h 10001:10001 {folder} && chmod 4755 {folder}/tool", TimeSpan.FromSeconds(10)); // chown clears set-id bits: chmod last

            var report = await node.Shell.DownloadAsync(folder, back, readAsUserId: 10001);

            Assert.Equal("records\n", File.ReadAllText(Path.Combine(back, "worker-0.jsonl")));
            Assert.Equal("weights\n", File.ReadAllText(Path.Combine(back, "checkpoints", "epoch-1.ckpt")));
            Assert.Equal(["checkpoints", "tool", "worker-0.jsonl"], Directory.EnumerateFileSystemEntries(back).Select(Path.GetFileName).Order());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                File.GetUnixFileMode(Path.Combine(back, "tool")));
            Assert.Equal(["'./null': a device (CharacterDevice, 1:3)", "'./pipe': a FIFO", "'./worker-1.log': a symbolic link (to '/etc/shadow')"],
                report.Refused.Select(n => n.ToString()).Order());
            Assert.Equal(["'./tool': mode 4755 had set-user-id; written as 0755"], report.Neutralised.Select(n => n.ToString()));
        }
        finally
        {
            await node.Shell.RunAsync($"rm -rf {folder}", TimeSpan.FromSeconds(10), check: false);
            Directory.Delete(back, recursive: true);
        }
    }

    [Fact]
    public async Task Commands_run_as_the_node_with_their_exit_codes_and_output()
    {
        foreach (var node in Cluster.Nodes)
        {
            var result = await node.Shell.RunAsync("hostname; echo to-stderr >&2", TimeSpan.FromSeconds(10));
            Assert.Equal($"{node.Name}\nto-stderr", result.Output.Trim());
        }
        var failed = await Cluster.Manager.Shell.RunAsync("exit 7", TimeSpan.FromSeconds(10), check: false);
        Assert.Equal(7, failed.ExitCode);
        var error = await Assert.ThrowsAsync<Processes.ProcessFailedException>(() =>
            Cluster.Manager.Shell.RunAsync("echo last words; exit 3", TimeSpan.FromSeconds(10)));
        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("last words", error.Message);
        var slow = await Assert.ThrowsAsync<Processes.ProcessFailedException>(() => Cluster.Manager.Shell.RunAsync("sleep 30", TimeSpan.FromSeconds(1)));
        Assert.Contains("did not finish within 1 s", slow.Message);
    }

    [Fact]
    public async Task A_folder_goes_up_and_comes_back_unchanged()
    {
        var local = Directory.CreateTempSubdirectory("tbn-up-").FullName;
        var back = Directory.CreateTempSubdirectory("tbn-down-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(local, "sub dir"));
            File.WriteAllText(Path.Combine(local, "a.txt"), "alpha");
            var big = new byte[3 << 20];
            new Random(7).NextBytes(big);
            File.WriteAllBytes(Path.Combine(local, "sub dir", "big.bin"), big);
            var node = Cluster.Nodes[1];

            await node.Shell.UploadAsync(local, "/var/lib/testbed/tbn-it-copy");
            Assert.Equal("alpha", (await node.Shell.RunAsync("cat /var/lib/testbed/tbn-it-copy/a.txt", TimeSpan.FromSeconds(10))).Output);
            await node.Shell.DownloadAsync("/var/lib/testbed/tbn-it-copy", back);

            Assert.Equal("alpha", File.ReadAllText(Path.Combine(back, "a.txt")));
            Assert.Equal(big, File.ReadAllBytes(Path.Combine(back, "sub dir", "big.bin")));
            await node.Shell.RunAsync("rm -rf /var/lib/testbed/tbn-it-copy", TimeSpan.FromSeconds(10));
            await Assert.ThrowsAsync<Processes.ProcessFailedException>(() => node.Shell.DownloadAsync("/var/lib/testbed/tbn-no-such-folder", back));
        }
        finally
        {
            Directory.Delete(local, recursive: true);
            Directory.Delete(back, recursive: true);
        }
    }

    [Fact]
    public async Task A_started_process_streams_its_lines_and_stops_with_everything_it_started()
    {
        var lines = new List<string>();
        var node = Cluster.Nodes[1];
        await using var process = await node.Shell.StartAsync("echo ready; sleep 300 & sleep 301; echo never", line => { lock (lines) lines.Add(line); });
        await WaitUntil(() => { lock (lines) return lines.Contains("ready"); }, TimeSpan.FromSeconds(10));
        Assert.Equal(RemoteProcessState.Running, process.State);

        var clock = Stopwatch.StartNew();
        Assert.Null(await process.StopAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(RemoteProcessState.Exited, process.State);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");
        Assert.NotEqual(0, (await process.Ended).ExitCode);
        var left = await node.Shell.RunAsync("pgrep -f 'sleep 30[01]' || true", TimeSpan.FromSeconds(10));
        Assert.Equal("", left.Output.Trim());
        Assert.DoesNotContain("never", lines);

        await using var quick = await node.Shell.StartAsync("echo done; exit 5", _ => { });
        Assert.Equal(new RemoteExit(5, null), await quick.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Each_engine_answers_through_a_socket_only_this_user_can_reach_and_not_on_the_network()
    {
        foreach (var node in Cluster.Nodes)
        {
            // A Unix socket in a folder of mode 0700: no TCP port on 127.0.0.1 that any local user could use to reach the node's root engine.
            Assert.Equal("unix", node.Engine.Endpoint.Scheme);
            var folder = Path.GetDirectoryName(node.Engine.Endpoint.LocalPath)!;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.StartsWith("26.", await node.Engine.VersionAsync());
            var other = await Processes.ProcessRunner.RunAsync("setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", "test", "-e", node.Engine.Endpoint.LocalPath],
                TimeSpan.FromSeconds(10), CancellationToken.None, check: false);
            Assert.True(other.ExitCode != 0, "another user can reach the engine's socket");
            using var tcp = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => tcp.ConnectAsync(node.Address, 2375).WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task A_host_key_must_be_in_known_hosts_and_the_refusal_says_what_to_add()
    {
        var node = Cluster.Nodes[1];
        var knownHosts = Path.GetTempFileName();
        try
        {
            var target = node.Shell.Target with { HostKey = new HostKeyCheck.KnownHosts([knownHosts]) };
            var unknown = await Assert.ThrowsAsync<HostKeyRejectedException>(() =>
                NodeShell.ConnectAsync(target, TimeSpan.FromSeconds(10), CancellationToken.None));
            Assert.Contains("is not in", unknown.Message);
            // The file the check used is the one to add to (a cluster's own knownHosts file, here the test's).
            Assert.Contains($"ssh-keyscan -p 22 {node.Address} >> '{knownHosts}'", unknown.Message);

            // The line the message offers is what makes the host trusted.
            File.WriteAllText(knownHosts, unknown.Message.Split('\n')[^1] + "\n");
            await using (var shell = await NodeShell.ConnectAsync(target, TimeSpan.FromSeconds(10), CancellationToken.None))
                Assert.Equal(node.Name, (await shell.RunAsync("hostname", TimeSpan.FromSeconds(10))).Output.Trim());

            File.WriteAllText(knownHosts, $"{node.Address} ssh-ed25519 {Convert.ToBase64String(NodeShell.PublicKeyBlob(target.KeyFile + ".pub"))}\n");
            var changed = await Assert.ThrowsAsync<HostKeyRejectedException>(() =>
                NodeShell.ConnectAsync(target, TimeSpan.FromSeconds(10), CancellationToken.None));
            Assert.Contains("differs from the one in", changed.Message);
            Assert.Contains($"ssh-keygen -R {node.Address} -f '{knownHosts}'", changed.Message);
        }
        finally
        {
            File.Delete(knownHosts);
        }
    }

    [Fact]
    public async Task The_swarm_spans_both_nodes_managed_by_the_first_and_labelled_by_name()
    {
        var membership = await Cluster.ManagerEngine.SwarmMembershipAsync();
        Assert.True(membership.IsManager);
        Assert.Equal(Cluster.Manager.Address, membership.NodeAddress);
        Assert.Equal("virtual-2", membership.ClusterLabels[Labels.Cluster]);

        var nodes = await Cluster.ManagerEngine.SwarmNodesAsync(CancellationToken.None);
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("ready", n.State));
        Assert.Equal(["node-1", "node-2"], nodes.Select(n => n.Labels[Labels.Node]).Order());
        Assert.Equal(["manager", "worker"], nodes.OrderBy(n => n.Labels[Labels.Node]).Select(n => n.Role));
        Assert.All(Cluster.Nodes, n => Assert.Equal(n.Name, Cluster.NodeOfSwarmId(n.SwarmNodeId)?.Name));
        Assert.All(nodes, n => Assert.Contains(n.Address, Cluster.Nodes.Select(c => c.Address)));
    }

    [Fact]
    public async Task An_overlay_network_carries_traffic_between_containers_on_the_two_nodes()
    {
        var network = $"tbn-it-overlay-{Guid.NewGuid().ToString("N")[..6]}";
        var labels = new Dictionary<string, string> { [Labels.Run] = network };
        var (one, two) = (Cluster.Nodes[0], Cluster.Nodes[1]);
        await Cluster.ManagerEngine.CreateAttachableOverlayAsync(network, labels, CancellationToken.None);
        try
        {
            var server = await two.Engine.RunProbeContainerAsync($"{network}-server", fixture.Trainer.Tag, ["iperf3", "--server", "--one-off"], network, labels,
                CancellationToken.None);
            var address = await two.Engine.ContainerAddressAsync(server, network, CancellationToken.None);
            Assert.NotNull(address);
            var clientLog = "";
            long exit = -1;
            // The server needs a moment to listen; retry the client rather than sleep a fixed time.
            for (var attempt = 0; attempt < 20 && exit != 0; attempt++)
            {
                var client = await one.Engine.RunProbeContainerAsync($"{network}-client-{attempt}", fixture.Trainer.Tag,
                    ["iperf3", "--client", address!, "--time", "2"], network, labels, CancellationToken.None);
                exit = await one.Engine.WaitForExitAsync(client, TimeSpan.FromSeconds(30), CancellationToken.None);
                clientLog = await one.Engine.ContainerLogsAsync(client, CancellationToken.None);
                if (exit != 0) await Task.Delay(250);
            }
            output.WriteLine(clientLog);
            Assert.True(exit == 0, clientLog);
            Assert.Contains("receiver", clientLog);
            Assert.Matches(@"\d+(\.\d+)? [MG]bits/sec", clientLog);
        }
        finally
        {
            foreach (var node in Cluster.Nodes) await node.Engine.RemoveLabelledAsync($"{Labels.Run}={network}");
            await Cluster.ManagerEngine.RemoveLabelledAsync($"{Labels.Run}={network}");
        }
    }

    [Fact]
    public async Task The_trainer_image_rootfs_and_trainer_are_on_both_nodes()
    {
        foreach (var node in Cluster.Nodes)
        {
            Assert.Equal(fixture.Trainer.Id, await node.Engine.ImageIdAsync(fixture.Trainer.Tag));
            var files = await node.Shell.RunAsync(
                $"test -x {node.TrainerDirectory}/testbed-trainer && test -f {node.RootfsDirectory}/root/usr/bin/iperf3 " +
                    $"&& test -f {node.RootfsDirectory}/packages.txt && echo present",
                TimeSpan.FromSeconds(10));
            Assert.Equal("present", files.Output.Trim());
        }
    }

    [Fact]
    public async Task An_idle_node_costs_its_engine_little_cpu()
    {
        var window = TimeSpan.FromSeconds(10);
        var containers = Cluster.Nodes.Select(n => VirtualClusterFixture.Naming.Container(n.Name)).ToList();
        var before = new List<ulong>();
        foreach (var c in containers) before.Add(await fixture.Host.ContainerCpuNanosecondsAsync(c, CancellationToken.None));
        var clock = Stopwatch.StartNew();
        await Task.Delay(window); // the measurement's window, not a wait for anything
        for (var i = 0; i < containers.Count; i++)
        {
            var used = (await fixture.Host.ContainerCpuNanosecondsAsync(containers[i], CancellationToken.None)) - before[i];
            var percent = used / clock.Elapsed.TotalNanoseconds * 100;
            output.WriteLine($"{containers[i]}: {percent:0.00} % of a core while idle ({clock.Elapsed.TotalSeconds:0.0} s)");
            Assert.True(percent < 3, $"{containers[i]} used {percent:0.00} % of a core while idle");
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"condition not met within {timeout}");
            await Task.Delay(50);
        }
    }
}
