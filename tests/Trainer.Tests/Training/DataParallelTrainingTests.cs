using System.Text.Json.Nodes;
using Testbed.Trainer.Data;
using Testbed.Trainer.Distributed;
using Testbed.Trainer.Model;
using Testbed.Trainer.Tests.Checkpoints;
using Testbed.Trainer.Tests.Distributed;
using Testbed.Trainer.Training;

namespace Testbed.Trainer.Tests.Training;

public sealed class DataParallelTrainingTests(SyntheticDataFixture data) : IClassFixture<SyntheticDataFixture>
{
    private TrainingOptions Options(int batch, int epochs, int steps) => new()
    {
        Epochs = epochs,
        StepsPerEpoch = steps,
        BatchPerWorker = batch,
        LearningRate = 0.05,
        Seed = 11,
        DataDirectory = data.DataDirectory,
        EvaluateAtEnd = false,
    };

    [Fact]
    public void Two_workers_with_batch_b_match_one_worker_with_batch_2b_after_k_steps()
    {
        var single = new Worker(Options(batch: 16, epochs: 1, steps: 4), new SoloProcessGroup(), 1, _ => { }).Train();
        var pair = LoopbackRing.Run(2, group => new Worker(Options(batch: 8, epochs: 1, steps: 4), group, 1, _ => { }).Train());

        Assert.Equal(pair[0].WeightsHash, pair[1].WeightsHash); // replicas stay bit-identical
        var scale = single.FinalWeights.Max(Math.Abs);
        var difference = single.FinalWeights.Zip(pair[0].FinalWeights, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5 * scale, $"largest difference {difference} against largest weight {scale}");
    }

    [Fact]
    public void Three_ranks_scoring_a_third_of_the_test_set_each_agree_with_one_process_scoring_all_of_it()
    {
        using var model = new ThesisCnn(seed: 3);
        var test = DatasetFiles.LoadTest(data.DataDirectory);
        var whole = Evaluation.Run(model, test);

        var shared = LoopbackRing.Run(3, group =>
        {
            using var replica = new ThesisCnn(seed: 3);
            return Evaluation.Run(replica, test, group);
        });

        foreach ((var loss, var accuracy) in shared)
        {
            Assert.Equal(whole.Accuracy, accuracy); // counts are exact
            Assert.Equal(whole.Loss, loss, 1e-5);
        }
    }

    [Fact]
    public void Only_the_chief_reports_test_metrics_though_every_rank_helps_compute_them()
    {
        var pair = LoopbackRing.Run(2, group =>
            new Worker(Options(batch: 8, epochs: 1, steps: 2) with { EvaluateAtEnd = true }, group, 1, _ => { }).Train());

        Assert.NotNull(pair[0].Final.TestAccuracy);
        Assert.InRange(pair[0].Final.TestAccuracy!.Value, 0, 1);
        Assert.Null(pair[1].Final.TestAccuracy);
        Assert.Null(pair[1].Final.TestLoss);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Overlapping_the_all_reduce_with_backward_changes_no_weight(int worldSize)
    {
        // From 3 ranks on the order of the additions depends on the chunk an element falls in,
        // so this holds only because both paths cut the gradient buffer into the same chunks.
        var overlapped = LoopbackRing.Run(worldSize, group =>
            new Worker(Options(8, 1, 3) with { OverlapCommunication = true }, group, 1, _ => { }).Train());
        var sequential = LoopbackRing.Run(worldSize, group =>
            new Worker(Options(8, 1, 3) with { OverlapCommunication = false }, group, 1, _ => { }).Train());

        for (var rank = 0; rank < worldSize; rank++)
        {
            Assert.Equal(sequential[rank].WeightsHash, overlapped[rank].WeightsHash);
        }
    }

    [Fact]
    public void Resuming_after_epoch_1_ends_with_the_same_weights_hash_as_an_uninterrupted_run()
    {
        var checkpoints = data.NewFolder("checkpoints");
        var options = Options(batch: 8, epochs: 3, steps: 2) with { Momentum = 0.9 }; // momentum: optimizer state matters
        var uninterrupted = LoopbackRing.Run(2, group =>
            new Worker(options with { CheckpointDirectory = checkpoints }, group, 1, _ => { }).Train());

        var afterEpoch1 = Path.Combine(checkpoints, "checkpoint-epoch-001.tbckpt");
        Assert.True(File.Exists(afterEpoch1));
        Assert.True(File.Exists(Path.Combine(checkpoints, "checkpoint-epoch-003.tbckpt")));
        Assert.Empty(Directory.GetFiles(checkpoints, "*.tmp"));
        var resumed = LoopbackRing.Run(2, group =>
            new Worker(options with { ResumeFrom = group.Rank == 0 ? afterEpoch1 : "/only/the/chief/reads/it" }, group, 1, _ => { }).Train());

        Assert.Equal(uninterrupted[0].WeightsHash, resumed[0].WeightsHash);
        Assert.Equal(uninterrupted[0].WeightsHash, resumed[1].WeightsHash);
        Assert.Equal([2, 3], resumed[0].Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void Keeping_one_checkpoint_leaves_only_the_last_epochs_and_it_still_resumes()
    {
        var checkpoints = data.NewFolder("keep-one");
        new Worker(Options(8, 3, 1) with { CheckpointDirectory = checkpoints, KeepCheckpoints = 1 }, new SoloProcessGroup(), 1, _ => { }).Train();

        var last = Assert.Single(Directory.GetFiles(checkpoints));
        Assert.Equal("checkpoint-epoch-003.tbckpt", Path.GetFileName(last));
        var tuned = new Worker(Options(8, 4, 1) with { InitFrom = last }, new SoloProcessGroup(), 1, _ => { }).Train();
        Assert.Equal(4, tuned.Epochs.Count);
    }

    [Fact]
    public void Resuming_with_other_settings_is_refused_naming_the_difference()
    {
        var checkpoints = data.NewFolder("checkpoints");
        new Worker(Options(8, 1, 1) with { CheckpointDirectory = checkpoints }, new SoloProcessGroup(), 1, _ => { }).Train();

        var error = Assert.Throws<InputException>(() => new Worker(
            Options(8, 2, 1) with { LearningRate = 0.1, ResumeFrom = Path.Combine(checkpoints, "checkpoint-epoch-001.tbckpt") },
            new SoloProcessGroup(), 1, _ => { }).Train());

        Assert.Contains("learningRate 0.05 in the checkpoint vs 0.1 now", error.Message);
        Assert.Contains("--init-from", error.Message);
    }

    [Fact]
    public void A_checkpoint_whose_rng_state_is_not_torch_s_is_refused_on_resume_naming_it()
    {
        var checkpoints = data.NewFolder("rng");
        var options = Options(8, 2, 1) with { Momentum = 0.9 };
        new Worker(options with { Epochs = 1, CheckpointDirectory = checkpoints }, new SoloProcessGroup(), 1, _ => { }).Train();
        var path = Path.Combine(checkpoints, "checkpoint-epoch-001.tbckpt");
        CheckpointBytes.EditHeader(path, header => header["rngState"] = "AAAA");

        var error = Assert.Throws<InputException>(() =>
            new Worker(options with { ResumeFrom = path }, new SoloProcessGroup(), 1, _ => { }).Train());

        Assert.Contains($"--resume {path}", error.Message);
        Assert.Contains("rngState", error.Message);
    }

    [Fact]
    public void A_checkpoint_with_another_parameter_shape_is_refused_naming_the_parameter()
    {
        var checkpoints = data.NewFolder("shape");
        new Worker(Options(8, 1, 1) with { CheckpointDirectory = checkpoints }, new SoloProcessGroup(), 1, _ => { }).Train();
        var path = Path.Combine(checkpoints, "checkpoint-epoch-001.tbckpt");
        // Same number of weights, transposed: loading it would scramble the dense layer silently.
        CheckpointBytes.EditHeader(path, header => header["parameters"]![2]!["shape"] = new JsonArray(21632, 128));

        var error = Assert.Throws<InputException>(() =>
            new Worker(Options(8, 1, 1) with { InitFrom = path }, new SoloProcessGroup(), 1, _ => { }).Train());

        Assert.Contains($"--init-from {path}", error.Message);
        Assert.Contains("parameter 3", error.Message);
        Assert.Contains("[21632, 128]", error.Message);
    }

    [Fact]
    public void A_run_that_trains_no_step_writes_a_null_time_to_first_step_not_zero()
    {
        // Resuming after the last epoch: nothing is left to train, so there is no first step to time.
        var folder = data.NewFolder("no-step");
        var checkpoints = Path.Combine(folder, "checkpoints");
        var records = Path.Combine(folder, "worker-0.jsonl");
        new Worker(Options(8, 1, 1) with { CheckpointDirectory = checkpoints }, new SoloProcessGroup(), 1, _ => { }).Train();

        var resumed = new Worker(
            Options(8, 1, 1) with { ResumeFrom = Path.Combine(checkpoints, "checkpoint-epoch-001.tbckpt"), RecordsPath = records },
            new SoloProcessGroup(), 1, _ => { }).Train();

        Assert.Empty(resumed.Epochs);
        Assert.Null(resumed.Final.TimeToFirstStepSeconds);
        var final = JsonNode.Parse(Assert.Single(File.ReadAllLines(records)))!;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, final["timeToFirstStepSeconds"]?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null);
        Assert.True(final.AsObject().ContainsKey("timeToFirstStepSeconds"));
    }

    [Fact]
    public void Init_from_starts_a_new_run_from_saved_weights()
    {
        var checkpoints = data.NewFolder("checkpoints");
        var first = new Worker(Options(8, 1, 2) with { CheckpointDirectory = checkpoints }, new SoloProcessGroup(), 1, _ => { }).Train();
        var logs = new List<string>();

        var tuned = new Worker(
            Options(8, 1, 1) with { LearningRate = 0.01, InitFrom = Path.Combine(checkpoints, "checkpoint-epoch-001.tbckpt") },
            new SoloProcessGroup(), 1, logs.Add).Train();

        Assert.Contains(logs, l => l.Contains(first.WeightsHash));
        Assert.NotEqual(first.WeightsHash, tuned.WeightsHash);
        Assert.Single(tuned.Epochs);
    }
}
