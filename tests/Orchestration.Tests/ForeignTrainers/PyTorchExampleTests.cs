using System.Globalization;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Rootfs;
using Testbed.Records;

namespace Testbed.Orchestration.Tests.ForeignTrainers;

/// <summary>
/// The PyTorch DDP example (trainers/pytorch/thesis_cnn.py) on its own rootfs (RootfsRecipe.PyTorch,
/// which ./build.sh Test provisions and names in TESTBED_TEST_PYTORCH_ROOTFS), through chroot as the
/// unprivileged user, launched the torchrun way with 2 ranks on loopback: both finish, their records
/// read with the analysis's strict reader, the ranks agree on the weights, and a second run with the
/// same seed ends with the same bits.
/// </summary>
[Trait("Tier", "Integration")]
public sealed class PyTorchExampleTests : IDisposable
{
    private const string Trainers = "/opt/testbed/trainers";
    private readonly string _sessions = Directory.CreateTempSubdirectory("sessions-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("pytorch-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_sessions, recursive: true);
        Directory.Delete(_out, recursive: true);
    }

    private static RootfsImage Rootfs()
    {
        var directory = Environment.GetEnvironmentVariable("TESTBED_TEST_PYTORCH_ROOTFS");
        Assert.False(string.IsNullOrEmpty(directory),
            "TESTBED_TEST_PYTORCH_ROOTFS is not set: run these tests through ./build.sh Test, which provisions the PyTorch rootfs.");
        var rootfs = new RootfsImage(Path.GetFileName(directory!), directory!);
        Assert.True(rootfs.IsComplete, $"{directory} is not a complete rootfs: run ./build.sh ProvisionPyTorchRootfs.");
        return rootfs;
    }

    private async Task<ChrootSession> OpenAsync(string output)
    {
        Directory.CreateDirectory(output);
        // The workers run as the rootfs's unprivileged user, as native workers do; it must be able to write its records.
        await ProcessRunner.RunAsync("chown", [$"{RootfsRecipe.PyTorch.UserId}:{RootfsRecipe.PyTorch.UserId}", output], TimeSpan.FromSeconds(10));
        var trainers = Path.Combine(IntegrationEnvironment.Repository(), "trainers");
        return await ChrootSession.OpenAsync(Rootfs(), _sessions, "pytorch", [new BindMount(trainers, Trainers, ReadOnly: true), new BindMount(output, "/out")],
            CancellationToken.None);
    }

    private static Dictionary<string, string> Torchrun(int rank, int world, int port) => new()
    {
        ["MASTER_ADDR"] = "127.0.0.1",
        ["MASTER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["RANK"] = rank.ToString(CultureInfo.InvariantCulture),
        ["LOCAL_RANK"] = rank.ToString(CultureInfo.InvariantCulture),
        ["WORLD_SIZE"] = world.ToString(CultureInfo.InvariantCulture),
        ["OMP_NUM_THREADS"] = "1",
        // gloo otherwise picks its interface by resolving the host name; on loopback say so.
        ["GLOO_SOCKET_IFNAME"] = "lo",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    private static Task<ProcessResult> Worker(ChrootSession session, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var command = session.Command("python3", [$"{Trainers}/pytorch/thesis_cnn.py", .. arguments], environment, RootfsRecipe.PyTorch.UserId);
        return ProcessRunner.RunAsync(command[0], command.Skip(1), TimeSpan.FromMinutes(3), check: false);
    }

    /// <summary>Two ranks, 2 epochs of 5 steps; returns each rank's records.</summary>
    private async Task<WorkerRecordFile[]> TrainAsync(string name)
    {
        var output = Path.Combine(_out, name);
        await using var session = await OpenAsync(output);
        var port = FreePorts.OnLoopback(1)[0];
        var workers = await Task.WhenAll(Enumerable.Range(0, 2).Select(rank =>
            Worker(session, Torchrun(rank, 2, port), "--epochs", "2", "--steps", "5", "--out", "/out", "--timeout", "60")));
        for (var rank = 0; rank < 2; rank++)
        {
            Assert.True(workers[rank].ExitCode == 0, $"rank {rank} exited {workers[rank].ExitCode}:\n{workers[rank].Tail()}");
        }

        return [.. Enumerable.Range(0, 2).Select(rank => WorkerRecordFile.Read(Path.Combine(output, WorkerRecordFile.FileName(rank)), RecordReading.Strict))];
    }

    [Fact]
    public async Task Two_ranks_train_through_chroot_report_what_the_analysis_reads_and_repeat_bit_for_bit()
    {
        var first = await TrainAsync("first");

        foreach (var (records, rank) in first.Select((r, i) => (r, i)))
        {
            Assert.Equal([1, 2], records.Epochs.Select(e => e.Epoch));
            Assert.All(records.Epochs, e => Assert.Equal((rank, 2, 5, 1), (e.Rank, e.WorldSize, e.Steps, e.Threads)));
            // The CNN's 2,770,634 float32 gradients, 5 steps, gloo's ring at world 2 (each rank sends and receives all of it once).
            Assert.All(records.Epochs, e => Assert.Equal(2_770_634L * 4 * 5, e.BytesSent));
            Assert.All(records.Epochs, e => Assert.InRange(e.ComputeMs + e.AllReduceMs + e.OtherMs, e.MsPerStep - 0.01, e.MsPerStep + 0.01));
            Assert.NotNull(records.Final);
            Assert.Matches("^sha256:[0-9a-f]{64}$", records.Final!.WeightsHash);
            Assert.NotNull(records.Final.RingFormedUtc);
        }

        Assert.Equal(first[0].Final!.WeightsHash, first[1].Final!.WeightsHash);
        Assert.Equal(first[0].Epochs.Select(e => e.Loss), first[1].Epochs.Select(e => e.Loss));
        Assert.InRange(first[0].Final!.TestAccuracy!.Value, 0.05, 1.0);
        Assert.Null(first[1].Final!.TestAccuracy);

        var second = await TrainAsync("second");
        Assert.Equal(first[0].Final!.WeightsHash, second[0].Final!.WeightsHash);
    }

    [Fact]
    public async Task A_worker_without_the_rendezvous_address_exits_2_naming_the_variable()
    {
        await using var session = await OpenAsync(Path.Combine(_out, "bad"));
        var environment = Torchrun(0, 2, 29400);
        environment.Remove("MASTER_ADDR");

        var result = await Worker(session, environment, "--out", "/out");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MASTER_ADDR is not set", result.Output);
        Assert.DoesNotContain("Traceback", result.Output);
    }
}
