using System.Diagnostics;
using Spectre.Console;
using Testbed.Orchestration.Cleanup;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Running;
using Xunit.Abstractions;

namespace Testbed.Orchestration.Tests.Cluster.PlainHosts;

/// <summary>
/// The path a user with their own machines takes (kind 'hosts'), from plain hosts: sshd and a sudo
/// user, no engine, host keys checked against a known_hosts file. The pipeline must install the
/// engine through sudo and apt, form the swarm, run the smoke experiment in both modes, collect
/// every file and leave nothing of the run behind; the test then removes the hosts themselves.
/// </summary>
[Trait("Tier", "Integration")]
public sealed class PlainHostsSmokeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] HostNames = ["host-1", "host-2"];

    private readonly string _scratch = Directory.CreateTempSubdirectory("tbh-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Smoke_on_two_plain_hosts_installs_their_engine_through_sudo_runs_both_modes_and_leaves_nothing_behind()
    {
        var environment = IntegrationEnvironment.Require();
        using var engine = new DockerEngine();
        var log = new StringWriter();
        var reporter = new ConsoleReporter(Quiet(log));
        var hosts = new PlainHosts(engine, reporter, _scratch);
        try
        {
            // From nothing: a crashed earlier run's hosts would be reused silently otherwise.
            output.WriteLine($"left over from an earlier run: {await hosts.RemoveAsync(CancellationToken.None)}");
            var clock = Stopwatch.StartNew();
            await hosts.MakeAsync($"testbed/base:{environment.Rootfs.Hash}", HostNames, CancellationToken.None);
            var madeSeconds = clock.Elapsed.TotalSeconds;
            var clusterFile = hosts.WriteClusterFile(Path.Combine(_scratch, "clusters"), "tbh-plain");
            var definition = ClusterLoader.Load(Path.Combine(_scratch, "clusters"), "tbh-plain", MachineLimits.OfThisMachine());
            foreach (var host in definition.Hosts)
            {
                Assert.Equal("no engine, sudo works",
                    await RunOnAsync(definition, host, "command -v dockerd >/dev/null && echo engine || echo no engine, sudo works"));
            }

            var (run, directory, entry, outcome) = await RunSmokeAsync(environment, engine, reporter, clusterFile);
            output.WriteLine($"plain hosts made in {madeSeconds:0.0} s (image, containers); the pipeline made them ready in {entry.Provisioning!.Detail}");

            // The engine came from the pipeline, through sudo and apt, and the run says the hosts were prepared, not reused.
            Assert.Contains("installing docker.io", log.ToString());
            Assert.Equal(HostNames, entry.Provisioning.PreparedNodes);
            Assert.False(entry.Provisioning.Reused);
            // Services name the image by id: no engine asked a registry for it (a tag made each task start try docker.io).
            foreach (var host in definition.Hosts)
                Assert.Equal("", await RunOnAsync(definition, host, "grep -i pull /var/log/testbed-dockerd.log | tail -n 5; true"));
            Assert.All(entry.Nodes, n => Assert.False(string.IsNullOrEmpty(n.DockerVersion)));
            Assert.Equal(HostNames, entry.Nodes.Select(n => n.Name));
            Assert.Equal(["host", "overlay"], entry.Wire.Select(w => w.Path));
            Assert.All(entry.Wire, w => Assert.True(w.GbitsPerSecond > 0, $"{w.Path}: {w.Problem}"));
            AssertSmokeRan(directory, outcome, hosts);

            // Teardown reaches the hosts through the same known_hosts file, and the run left nothing on them.
            await HostsTeardown.RunAsync(definition, Path.Combine(_scratch, "results"), reporter, CancellationToken.None);
            foreach (var host in definition.Hosts)
            {
                var left = await RunOnAsync(definition, host,
                    $"find {NodeLayout.Root}/runs {NodeLayout.Root}/secrets {NodeLayout.Root}/work -mindepth 1 2>/dev/null; ls " +
                        $"/sys/fs/cgroup/cpu/testbed 2>/dev/null | grep -v '^cgroup\\|^cpu\\|^notify\\|^tasks'; pgrep -x testbed-trainer; true");
                Assert.True(left.Length == 0, $"{host.Name} still has: {left}");
            }
            await using (var manager = await NodeShell.ConnectAsync(Target(definition, definition.Hosts[0]), TimeSpan.FromSeconds(30), CancellationToken.None))
            using (var managerEngine = await manager.OpenEngineAsync())
            {
                var swarmLeft = await managerEngine.RemoveLabelledAsync($"{Labels.Run}={Path.GetFileName(directory)}");
                Assert.True(swarmLeft.Total == 0, $"left in the hosts' swarm: {swarmLeft}");
            }
        }
        finally
        {
            output.WriteLine(log.ToString());
            output.WriteLine($"removed: {await hosts.RemoveAsync(CancellationToken.None)}");
        }
        Assert.Empty(await engine.ContainersLabelledAsync($"{Labels.VirtualNodes}={PlainHosts.Naming.Prefix}", CancellationToken.None));
        Assert.Empty(await engine.VolumesLabelledAsync($"{Labels.VirtualNodes}={PlainHosts.Naming.Prefix}", CancellationToken.None));
        Assert.Null(await engine.NetworkSubnetAsync(PlainHosts.Naming.Network, CancellationToken.None));
    }

    private async Task<(PreparedRun Run, string Directory, ClusterEntry Entry, RunOutcome Outcome)> RunSmokeAsync(IntegrationEnvironment environment,
        DockerEngine engine, IReporter reporter, string clusterFile)
    {
        var results = Path.Combine(_scratch, "results");
        var run = PreparedRun.From(new RunRequest(Path.Combine(environment.RepositoryRoot, "experiments"), ["smoke"], 1, 0, 0, [Mode.Native, Mode.Container],
            CpuPolicy.Scale, results)
        {
            Cluster = clusterFile,
            ClustersDirectory = Path.GetDirectoryName(clusterFile)!,
        }, System.Environment.ProcessorCount);
        var id = await engine.ImageIdAsync(environment.Image) ?? throw new InvalidOperationException($"{environment.Image} is not in the host's engine");
        var trainer = new TrainerImage(environment.Image, id, $"testbed/base:{environment.Rootfs.Hash}", "", "");
        var inputs = new RunInputs(environment.RepositoryRoot, environment.Rootfs, 10001, environment.PublishDirectory, environment.SessionsDirectory, trainer,
            Path.GetDirectoryName(environment.SessionsDirectory)!);
        var directory = RunLayout.CreateRunFolder(results, DateTimeOffset.UtcNow, "000000hosts");
        var console = new StringWriter();
        try
        {
            await using var target = await RunTarget.ClusterAsync(run, inputs, engine, reporter, Path.GetFileName(directory), CancellationToken.None);
            var manifest = RunnerFixtures.Manifest(directory, run) with { Cluster = target.Cluster, Placement = target.Placement };
            var outcome = await new ScenarioRunner(target.Modes, new PlainRunDisplay(Quiet(console)), TimeSpan.FromMilliseconds(500), target.Monitor)
                .RunAsync(run.Plan, directory, manifest, new DurationEstimate(), CancellationToken.None);
            return (run, directory, target.Cluster, outcome);
        }
        finally
        {
            output.WriteLine(console.ToString());
        }
    }

    /// <summary>Both modes succeeded with every worker on its own host, every file collected and the same weights.</summary>
    private static void AssertSmokeRan(string directory, RunOutcome outcome, PlainHosts hosts)
    {
        var hashes = new List<string?>();
        Assert.Equal(2, outcome.Repetitions.Count);
        foreach (var repetition in outcome.Repetitions)
        {
            var repetitionDirectory = Path.Combine(directory, repetition.Path);
            var status = RepetitionStatus.Read(repetitionDirectory);
            var workers = status.Workloads.Single().Workers;
            Assert.True(status.Status == RepetitionOutcome.Succeeded,
                $"{repetition.Mode}: {status.Error}\n{string.Join('\n', workers.SelectMany(w => w.LastLogLines))}");
            Assert.Equal(HostNames, workers.Select(w => w.Node));
            var workload = Path.Combine(repetitionDirectory, "smoke");
            foreach (var rank in new[] { 0, 1 })
            {
                Assert.True(File.Exists(RunLayout.WorkerRecords(workload, rank)), $"{repetition.Mode}: records of rank {rank} were not collected");
                Assert.True(File.Exists(RunLayout.WorkerLog(workload, rank)), $"{repetition.Mode}: log of rank {rank} was not collected");
                if (repetition.Mode == Mode.Native)
                    Assert.Contains($"listening on {hosts.Hosts[rank].Address}:", File.ReadAllText(RunLayout.WorkerLog(workload, rank)));
            }
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(workload, "checkpoints")));
            Assert.Empty(Directory.GetFiles(workload, "collect-*.error.txt"));
            var nodes = NodeMetricsCsv.Read(Path.Combine(repetitionDirectory, RunLayout.NodeMetricsFile));
            Assert.Equal(HostNames, nodes.Select(n => n.Node).Distinct().Order());
            hashes.AddRange(workers.Select(w => w.WeightsHash));
        }
        Assert.Equal(4, hashes.Count);
        Assert.All(hashes, h => Assert.False(string.IsNullOrEmpty(h)));
        Assert.Single(hashes.Distinct());
    }

    private static SshTarget Target(ClusterDefinition definition, HostSpec host) =>
        new(host.Name, host.Address, host.Port, host.User, host.KeyFile, host.Sudo, definition.HostKeys);

    private static async Task<string> RunOnAsync(ClusterDefinition definition, HostSpec host, string command)
    {
        await using var shell = await NodeShell.ConnectAsync(Target(definition, host), TimeSpan.FromSeconds(60), CancellationToken.None);
        return (await shell.RunAsync(command, TimeSpan.FromSeconds(60))).Output.Trim();
    }

    private static IAnsiConsole Quiet(TextWriter output) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output) });
}
