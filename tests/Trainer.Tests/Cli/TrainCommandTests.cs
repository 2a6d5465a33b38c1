using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Testbed.Trainer.Bench;
using Testbed.Trainer.Tests.Training;

namespace Testbed.Trainer.Tests.Cli;

/// <summary>The trainer as Orchestration runs it: separate processes, flags, exit codes, files.</summary>
public sealed class TrainCommandTests(SyntheticDataFixture data) : IClassFixture<SyntheticDataFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Fact]
    public void Two_workers_train_and_write_epoch_and_final_records_with_agreeing_hashes()
    {
        var output = data.NewFolder("run");
        var token = Token("job-token-for-the-cli-test-0001");
        var peers = Peers(2);
        using var rank0 = new TrainerProcess(Train(output, peers, 0, token, "--epochs", "2", "--steps", "3"));
        using var rank1 = new TrainerProcess(Train(output, peers, 1, token, "--epochs", "2", "--steps", "3"));

        Assert.Equal(0, rank0.WaitForExit(Limit));
        Assert.Equal(0, rank1.WaitForExit(Limit));
        Assert.Contains("Epoch 2/2 - 3/3 - ", rank0.Output);
        JsonElement[][] records = [.. Enumerable.Range(0, 2).Select(rank =>
            File.ReadAllLines(Path.Combine(output, $"worker-{rank}.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray())];
        Assert.All(records, r => Assert.Equal(["epoch", "epoch", "final"], r.Select(e => e.GetProperty("type").GetString())));
        Assert.Equal(records[0][2].GetProperty("weightsHash").GetString(), records[1][2].GetProperty("weightsHash").GetString());
        Assert.Equal(JsonValueKind.Number, records[0][2].GetProperty("testAccuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, records[1][2].GetProperty("testAccuracy").ValueKind);
        Assert.True(records[0][1].GetProperty("bytesSent").GetInt64() > 3 * 11_000_000L);
        Assert.True(File.Exists(Path.Combine(output, "checkpoints", "checkpoint-epoch-002.tbckpt")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "checkpoints")).Length); // one per epoch, no temporary left

        using var evaluate = new TrainerProcess("evaluate", "--checkpoint", Path.Combine(output, "checkpoints", "checkpoint-epoch-002.tbckpt"),
            "--data", data.DataDirectory, "--threads", "1");
        Assert.Equal(0, evaluate.WaitForExit(Limit));
        Assert.Contains("test accuracy: ", evaluate.Output);
    }

    [Fact]
    public void A_killed_worker_makes_the_others_exit_non_zero_fast_with_a_clear_error()
    {
        var output = data.NewFolder("killed");
        var token = Token("job-token-for-the-kill-test-0001");
        var peers = Peers(3);
        TrainerProcess[] workers = [.. Enumerable.Range(0, 3).Select(rank =>
            new TrainerProcess(Train(output, peers, rank, token, "--epochs", "10000", "--steps", "5", "--timeout", "60")))];
        try
        {
            // Training, not just joined: an epoch (5 steps, 5 all-reduces) is done, and the next one runs.
            Assert.True(workers[1].WaitForOutput("Epoch 1/10000", Limit), workers[1].Error);
            workers[1].Kill();
            var clock = Stopwatch.StartNew();

            Assert.Equal(1, workers[0].WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, workers[2].WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s; the timeout is 60 s");
            Assert.Contains("rank 1", workers[2].Error); // rank 2 receives from the killed rank 1
            Assert.Contains("error:", workers[0].Error);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Fact]
    public void A_stalled_worker_holds_at_its_step_past_its_peers_timeout_so_they_fail_first()
    {
        // stop-node's part in the trainer: however late the pipeline freezes the node, the worker
        // never gets past the drawn step, so the fault cannot miss a short workload. The timeout
        // also bounds the rendezvous: 10 s, as a loaded machine starts two runtimes slowly.
        var output = data.NewFolder("stalled");
        var token = Token("job-token-for-the-stall-test-001");
        var peers = Peers(2);
        string[] flags = ["--epochs", "1", "--steps", "100000", "--timeout", "10", "--fault-at-step", "3", "--fault-rank", "1", "--fault-kind", "stall"];
        using var rank0 = new TrainerProcess(Train(output, peers, 0, token, flags));
        using var rank1 = new TrainerProcess(Train(output, peers, 1, token, flags));

        Assert.True(rank1.WaitForOutput("fault injection: rank 1 stalls at step 3 for 25 s", Limit), rank1.Error);
        Assert.Equal(1, rank0.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("timed out", rank0.Error); // its all-reduce waited the whole --timeout for the stalled rank
        Assert.False(rank1.HasExited, "the stalled worker ended before its stall (timeout + 15 s) was over");
    }

    [Fact]
    public void A_worker_with_the_wrong_token_is_refused_and_both_exit_with_a_clear_message()
    {
        var output = data.NewFolder("token");
        var peers = Peers(2);
        // Each waits out its --timeout for the right peer, then exits 2 naming the refusal. 3 s was
        // shorter than a loaded machine's start of two runtimes with libtorch: one timed out (exit 1)
        // before the other had connected, so there was nothing to refuse.
        using var rank0 = new TrainerProcess(Train(output, peers, 0, Token("the-right-job-token-0123456789ab"), "--timeout", "10"));
        using var rank1 = new TrainerProcess(Train(output, peers, 1, Token("a-wrong-job-token-0123456789abcd"), "--timeout", "10"));

        Assert.Equal(2, rank0.WaitForExit(Limit));
        Assert.Equal(2, rank1.WaitForExit(Limit));
        Assert.Contains("token", rank0.Error);
        Assert.Contains("token", rank1.Error);
    }

    [Fact]
    public void A_native_worker_listens_only_on_its_own_peers_address()
    {
        var ports = SelfProcess.FreePorts(2);
        var peers = $"127.0.0.1:{ports[0]},127.0.0.1:{ports[1]}";
        using var rank0 = new TrainerProcess(Train(data.NewFolder("bind"), peers, 0, Token("a-job-token-for-the-bind-test-01"), "--timeout", "20"));
        Assert.True(rank0.WaitForOutput("joining job", Limit), rank0.Error);

        // All of 127/8 reaches this host; a worker bound to every interface would answer on 127.0.0.2 too.
        Assert.True(Listening(IPAddress.Loopback, ports[0]), rank0.Error);
        Assert.Equal(SocketError.ConnectionRefused, ConnectError(IPAddress.Parse("127.0.0.2"), ports[0]));
        Assert.Contains($"listening on 127.0.0.1:{ports[0]}", rank0.Output);
    }

    [Fact]
    public void The_listen_flag_overrides_the_address_taken_from_peers()
    {
        var ports = SelfProcess.FreePorts(2);
        var peers = $"127.0.0.1:{ports[0]},127.0.0.1:{ports[1]}";
        using var rank0 = new TrainerProcess(Train(data.NewFolder("listen"), peers, 0, Token("a-job-token-for-the-bind-test-02"), "--timeout", "20", "--listen",
            "127.0.0.2"));
        Assert.True(rank0.WaitForOutput("joining job", Limit), rank0.Error);

        Assert.True(Listening(IPAddress.Parse("127.0.0.2"), ports[0]), rank0.Error);
        Assert.Equal(SocketError.ConnectionRefused, ConnectError(IPAddress.Loopback, ports[0]));
    }

    /// <summary>Whether the worker accepts connections there within a few seconds (it binds right after logging).</summary>
    private static bool Listening(IPAddress address, int port)
    {
        var clock = Stopwatch.StartNew();
        while (ConnectError(address, port) is not null)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    private static SocketError? ConnectError(IPAddress address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(address, port);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs 0: expected a positive integer")]
    [InlineData("--data", "/no/such/folder", "--data /no/such/folder: no such directory")]
    [InlineData("--peers", "127.0.0.1:1,127.0.0.1:2", "--peers needs --rank")]
    [InlineData("--resume", "/no/such.tbckpt", "--resume /no/such.tbckpt: file not found")]
    [InlineData("--keep-checkpoints", "-1", "--keep-checkpoints -1: expected 0 (keep all) or a positive count")]
    [InlineData("--discover", "tasks.worker:29500", "--discover needs --world")]
    [InlineData("--peers", "127.0.0.1:1,no-port", "--peers 'no-port': expected host:port")]
    [InlineData("--fault-kind", "freeze", "--fault-kind freeze: expected kill or stall")]
    public void Bad_input_exits_with_2_and_a_message_naming_the_flag(string flag, string value, string message)
    {
        string[] dataFlag = flag == "--data" ? [] : ["--data", data.DataDirectory];
        using var process = new TrainerProcess(["train", .. dataFlag, "--threads", "1", "--token-file", Token("a-job-token-that-is-long-enough"), flag, value]);

        Assert.Equal(2, process.WaitForExit(Limit));
        Assert.Contains(message, process.Error);
    }

    [Fact]
    public void Every_flag_can_come_from_a_TESTBED_variable_and_bad_values_name_it()
    {
        using var process = new TrainerProcess(new Dictionary<string, string> { ["TESTBED_STEPS"] = "many" }, "train", "--data", data.DataDirectory);

        Assert.Equal(2, process.WaitForExit(Limit));
        Assert.Contains("TESTBED_STEPS 'many': expected an integer", process.Error);
    }

    [Fact]
    public void Discovery_takes_the_rank_from_the_1_based_swarm_slot_and_checks_its_range()
    {
        using var process = new TrainerProcess(new Dictionary<string, string> { ["TESTBED_RANK"] = "4" },
            "train", "--data", data.DataDirectory, "--discover", "tasks.worker:29500", "--world", "3");

        Assert.Equal(2, process.WaitForExit(Limit));
        Assert.Contains("task slot 4", process.Error);
        Assert.Contains("expected 1..3", process.Error);
    }

    private string[] Train(string output, string peers, int rank, string token, params string[] more) =>
    [
        "train", "--data", data.DataDirectory, "--out", output, "--peers", peers, "--rank", $"{rank}", "--token-file", token,
        "--threads", "1", "--batch", "16", "--job-id", "cli-test", .. more,
    ];

    private string Token(string secret)
    {
        var path = Path.Combine(data.NewFolder("secret"), "token");
        File.WriteAllText(path, secret);
        return path;
    }

    private static string Peers(int count) => string.Join(',', SelfProcess.FreePorts(count).Select(p => $"127.0.0.1:{p}"));
}
