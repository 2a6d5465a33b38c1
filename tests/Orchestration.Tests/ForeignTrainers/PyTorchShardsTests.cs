using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Tests.ForeignTrainers;

/// <summary>
/// The PyTorch example's half of the data-order contract: its SplitMix64 shards give the batches
/// of tests/Contracts/epoch-shards.txt, which Trainer.Tests holds equal to our trainer's EpochShards.
/// Integration: it runs the example's module with the host's python3 (the shards need no torch).
/// </summary>
[Trait("Tier", "Integration")]
public sealed class PyTorchShardsTests
{
    [Fact]
    public async Task The_example_trains_on_the_very_samples_our_trainer_gives_each_rank()
    {
        var contract = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Contracts", "epoch-shards.txt"));
        const string script = """
            import sys
            sys.path.insert(0, sys.argv[1])
            import thesis_cnn
            shards = thesis_cnn.EpochShards(60000, 42)
            for key in sys.argv[2:]:
                epoch, step, rank, world = map(int, key.split())
                print(key + "\t" + ",".join(map(str, shards.batch(epoch, step, rank, world, 64))))
            """;
        var module = Path.Combine(IntegrationEnvironment.Repository(), "trainers", "pytorch");
        var result = await ProcessRunner.RunAsync("python3", ["-c", script, module, .. contract.Select(l => l[..l.IndexOf('\t')])], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });

        Assert.Equal(contract, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
