using Testbed.Trainer.Checkpoints;
using Testbed.Trainer.Model;

namespace Testbed.Trainer.Tests.Checkpoints;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_valid_checkpoint_reads_back_with_its_weights_and_hash()
    {
        var path = CheckpointBytes.WriteValid(_directory, epoch: 2, momentum: true);

        var state = CheckpointFile.Read(path, "--resume");

        Assert.Equal(2, state.Epoch);
        Assert.Equal(ThesisCnn.ParameterCount, state.Weights.Length);
        Assert.Equal(state.Weights.Length, state.OptimizerState.Length);
        Assert.Equal(CheckpointBytes.Hash(state.Weights), state.WeightsHash);
    }

    [Fact]
    public void Weights_that_do_not_match_the_header_s_hash_are_refused_naming_the_file()
    {
        var path = CheckpointBytes.WriteValid(_directory);
        CheckpointBytes.FlipAWeightBit(path);

        var error = Assert.Throws<InputException>(() => CheckpointFile.Read(path, "--resume"));

        Assert.Contains($"--resume {path}", error.Message);
        Assert.Contains("hash", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void A_header_length_out_of_range_is_refused_without_allocating_it(int headerLength)
    {
        var path = Path.Combine(_directory, "bad-length.tbckpt");
        CheckpointBytes.WriteRaw(path, "TBCKPT01", headerLength, "{}");

        var error = ReadWithoutLargeAllocation(path);

        Assert.Contains($"header length {headerLength}", error.Message);
    }

    [Theory]
    [InlineData("weightCount", -5)]
    [InlineData("weightCount", 1_000_000_000)]
    [InlineData("optimizerStateCount", -1)]
    [InlineData("optimizerStateCount", 2_000_000_000)]
    [InlineData("epoch", -3)]
    public void A_count_out_of_range_in_the_header_is_refused_without_allocating_it(string field, long value)
    {
        var path = CheckpointBytes.WriteValid(_directory);
        CheckpointBytes.EditHeader(path, header => header[field] = value);

        var error = ReadWithoutLargeAllocation(path);

        Assert.Contains($"'{field}' is {value}", error.Message);
    }

    [Fact]
    public void A_checkpoint_cut_inside_its_weights_is_refused_as_truncated()
    {
        var path = CheckpointBytes.WriteValid(_directory);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^1000]);

        var error = Assert.Throws<InputException>(() => CheckpointFile.Read(path, "--checkpoint"));

        Assert.Contains($"--checkpoint {path}", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Another_format_version_is_named_as_such()
    {
        var path = Path.Combine(_directory, "v2.tbckpt");
        CheckpointBytes.WriteRaw(path, "TBCKPT02", 2, "{}");

        var error = Assert.Throws<InputException>(() => CheckpointFile.Read(path, "--checkpoint"));

        Assert.Contains("version 02", error.Message);
        Assert.Contains("01", error.Message);
    }

    [Fact]
    public void An_edited_setting_no_longer_matches_the_config_hash_and_is_refused()
    {
        var path = CheckpointBytes.WriteValid(_directory);
        CheckpointBytes.EditHeader(path, header => header["config"]!["seed"] = "43");

        var error = Assert.Throws<InputException>(() => CheckpointFile.Read(path, "--resume"));

        Assert.Contains("configHash", error.Message);
    }

    private static InputException ReadWithoutLargeAllocation(string path)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        InputException? error = null;
        try
        {
            CheckpointFile.Read(path, "--resume");
        }
        catch (InputException e)
        {
            error = e;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(error);
        Assert.Contains($"--resume {path}", error.Message);
        // The file itself is ~11 MB of weights; reading it may cost that, never what a header claims.
        Assert.True(allocated < 64L << 20, $"allocated {allocated} bytes reading a {new FileInfo(path).Length}-byte checkpoint");
        return error;
    }
}
