using Testbed.Records.Checkpoints;
using Testbed.Trainer.Checkpoints;
using Testbed.Trainer.Distributed;
using Testbed.Trainer.Tests.Training;
using Testbed.Trainer.Training;

namespace Testbed.Trainer.Tests.Checkpoints;

/// <summary>
/// The checkpoint contract from the trainer's side: what a real training run writes, the check the
/// orchestration makes before a restart (src/Records/Checkpoints, the orchestration's
/// CheckpointInspection uses it) finds intact under the name the orchestration looks for, and a
/// damaged one it passes over.
/// </summary>
public sealed class CheckpointContractTests(SyntheticDataFixture data) : IClassFixture<SyntheticDataFixture>
{
    [Fact]
    public void What_the_trainer_writes_the_orchestration_s_check_finds_intact_and_a_flipped_bit_not()
    {
        var folder = data.NewFolder("contract");
        var options = new TrainingOptions
        {
            Epochs = 2, StepsPerEpoch = 1, BatchPerWorker = 8, LearningRate = 0.05, Momentum = 0.9, Seed = 11,
            DataDirectory = data.DataDirectory, EvaluateAtEnd = false, CheckpointDirectory = folder,
        };
        var trained = new Worker(options, new SoloProcessGroup(), 1, _ => { }).Train();

        var names = Directory.GetFiles(folder, CheckpointFormat.SearchPattern).Select(Path.GetFileName).Order().ToList();
        Assert.Equal([CheckpointFormat.FileName(1), CheckpointFormat.FileName(2)], names);
        foreach (var name in names)
        {
            Assert.Null(CheckpointCheck.ProblemOf(Path.Combine(folder, name!), CheckpointFormat.EpochOf(name!)!.Value));
        }

        var last = Path.Combine(folder, CheckpointFormat.FileName(2));
        Assert.Equal(trained.WeightsHash, CheckpointFile.Read(last, "--resume").WeightsHash);
        CheckpointBytes.FlipAWeightBit(last);
        Assert.StartsWith("corrupt: its weights hash to", CheckpointCheck.ProblemOf(last, 2));
    }
}
