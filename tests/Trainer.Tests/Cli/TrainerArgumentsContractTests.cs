using System.CommandLine;
using System.Text.Json;
using Testbed.Records.Checkpoints;
using Testbed.Trainer.Cli;

namespace Testbed.Trainer.Tests.Cli;

/// <summary>
/// The trainer's half of the command-line contract: every argument list the orchestration gives
/// the trainer (tests/Contracts/trainer-arguments.txt, which Orchestration.Tests holds equal to what
/// its runner builds) parses with the trainer's own parser, without an error, into valid settings.
/// A flag the trainer no longer has, or parses otherwise, fails here before any worker is started.
/// </summary>
public sealed class TrainerArgumentsContractTests
{
    public static TheoryData<string, string[]> Lines()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Contracts", "trainer-arguments.txt")))
        {
            var (name, json) = (line[..line.IndexOf('\t')], line[(line.IndexOf('\t') + 1)..]);
            data.Add(name, JsonSerializer.Deserialize<string[]>(json)!);
        }

        return data;
    }

    [Fact]
    public void The_contract_file_holds_every_kind_of_start()
    {
        Assert.Equal(["native start", "container start", "restart from a checkpoint", "tune phase", "killed worker", "stopped node"],
            Lines().Select(row => (string)row[0]));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_trainer_parses_what_the_orchestration_passes(string name, string[] arguments)
    {
        var parsed = new RootCommand { TrainCommand.Create() }.Parse(arguments);

        Assert.True(parsed.Errors.Count == 0, $"{name}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        Assert.Equal("train", parsed.CommandResult.Command.Name);
        var options = TrainCommand.Options(parsed);
        var tags = Array.IndexOf(arguments, "--ring-tags");
        Assert.True(tags >= 0, $"{name}: every start says --ring-tags, so the modes never differ by a default");
        Assert.Equal(arguments[tags + 1] == "true", parsed.GetValue(TrainerOptions.RingTags));
        Assert.True(options.Epochs > 0 && options.StepsPerEpoch > 0 && options.BatchPerWorker > 0, name);
        if (options.ResumeFrom is { } resume)
        {
            Assert.NotNull(CheckpointFormat.EpochOf(Path.GetFileName(resume)));
            Assert.StartsWith(parsed.GetValue(TrainerOptions.Out)!.TrimEnd('/') + "/" + CheckpointFormat.DefaultFolder + "/", resume);
        }
    }
}
