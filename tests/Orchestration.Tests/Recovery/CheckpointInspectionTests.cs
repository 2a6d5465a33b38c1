using Testbed.Orchestration.Recovery;
using Testbed.Records.Checkpoints;

namespace Testbed.Orchestration.Tests.Recovery;

[Trait("Tier", "Unit")]
public sealed class CheckpointInspectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("testbed-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Checkpoints_are_listed_newest_first_and_intact_ones_have_no_problem()
    {
        FakeCheckpoint.Write(_directory, 1);
        FakeCheckpoint.Write(_directory, 12);
        FakeCheckpoint.Write(_directory, 3);
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "not a checkpoint");

        var found = CheckpointInspection.NewestFirst(_directory);

        Assert.Equal([12, 3, 1], found.Select(c => c.Epoch));
        Assert.All(found, c => Assert.True(c.Intact, c.Problem));
    }

    [Fact]
    public void A_truncated_checkpoint_is_incomplete()
    {
        var path = FakeCheckpoint.Write(_directory, 2, optimizer: 4);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);

        Assert.StartsWith("incomplete:", CheckpointCheck.ProblemOf(path, 2));
    }

    [Fact]
    public void A_flipped_bit_in_the_weights_is_corrupt()
    {
        var path = FakeCheckpoint.Write(_directory, 2);
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        Assert.StartsWith("corrupt: its weights hash to", CheckpointCheck.ProblemOf(path, 2));
    }

    [Fact]
    public void A_file_that_is_no_checkpoint_or_names_another_epoch_is_refused()
    {
        var other = Path.Combine(_directory, "checkpoint-epoch-004.tbckpt");
        File.WriteAllText(other, "hello");
        var renamed = FakeCheckpoint.Write(_directory, 5);

        Assert.Equal("not a checkpoint (no TBCKPT01 header)", CheckpointCheck.ProblemOf(other, 4));
        Assert.Equal("its header says epoch 5, its name epoch 6", CheckpointCheck.ProblemOf(renamed, 6));
    }

    [Fact]
    public void A_missing_folder_has_no_checkpoints() => Assert.Empty(CheckpointInspection.NewestFirst(Path.Combine(_directory, "none")));
}
