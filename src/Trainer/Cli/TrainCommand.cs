using System.CommandLine;
using Testbed.Records.Checkpoints;
using Testbed.Records.Cli;
using Testbed.Trainer.Distributed;
using Testbed.Trainer.Runtime;
using Testbed.Trainer.Training;

namespace Testbed.Trainer.Cli;

/// <summary>`train`: join the ring (or run alone) and train the thesis CNN, writing records and checkpoints.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command(TrainerFlags.TrainCommand, "Train the thesis CNN data-parallel with the other workers of the job.")
        {
            TrainerOptions.Epochs, TrainerOptions.Steps, TrainerOptions.Batch, TrainerOptions.LearningRate, TrainerOptions.Momentum,
            TrainerOptions.Seed, TrainerOptions.Data, TrainerOptions.Out, TrainerOptions.Records, TrainerOptions.CheckpointDir, TrainerOptions.KeepCheckpoints,
            TrainerOptions.Resume, TrainerOptions.InitFrom, TrainerOptions.Peers, TrainerOptions.Rank, TrainerOptions.Slot,
            TrainerOptions.Discover, TrainerOptions.World, TrainerOptions.Listen, TrainerOptions.Port, TrainerOptions.TokenFile, TrainerOptions.JobId,
            TrainerOptions.Timeout, TrainerOptions.Threads, TrainerOptions.Overlap, TrainerOptions.RingTags, TrainerOptions.FaultAtStep,
                TrainerOptions.FaultRank, TrainerOptions.FaultKind,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult flags)
    {
        var options = Options(flags);
        var threads = ThreadBudget.Decide(Positive(flags.GetValue(TrainerOptions.Threads), "--threads"));
        Log($"threads: {threads.Threads} ({threads.Reason})");
        using var group = RingFromFlags.Join(flags, Log);
        var ringFormed = DateTimeOffset.UtcNow;
        var outDirectory = flags.GetValue(TrainerOptions.Out);
        options = options with
        {
            RecordsPath = options.RecordsPath
                ?? (outDirectory is null ? null : Path.Combine(outDirectory, Testbed.Records.WorkerRecordFile.FileName(group.Rank))),
            CheckpointDirectory = options.CheckpointDirectory ?? (outDirectory is null ? null : Path.Combine(outDirectory, CheckpointFormat.DefaultFolder)),
        };
        new Worker(options, group, threads.Threads, Log, ringFormed).Train();
        return 0;
    }

    public static TrainingOptions Options(ParseResult flags) => new()
    {
        Epochs = Positive(flags.GetValue(TrainerOptions.Epochs), "--epochs"),
        StepsPerEpoch = Positive(flags.GetValue(TrainerOptions.Steps), "--steps"),
        BatchPerWorker = Positive(flags.GetValue(TrainerOptions.Batch), "--batch"),
        LearningRate = flags.GetValue(TrainerOptions.LearningRate) is > 0 and var lr && double.IsFinite(lr)
            ? lr
            : throw new InputException($"--lr {flags.GetValue(TrainerOptions.LearningRate).ToString(System.Globalization.CultureInfo.InvariantCulture)}: " +
                $"expected a positive, finite learning rate."),
        Momentum = flags.GetValue(TrainerOptions.Momentum) is >= 0 and < 1 and var m
            ? m
            : throw new InputException($"--momentum " +
                $"{flags.GetValue(TrainerOptions.Momentum).ToString(System.Globalization.CultureInfo.InvariantCulture)}: expected 0 <= momentum < 1."),
        Seed = flags.GetValue(TrainerOptions.Seed),
        OverlapCommunication = flags.GetValue(TrainerOptions.Overlap),
        DataDirectory = flags.GetValue(TrainerOptions.Data) ?? Data.DatasetFiles.DefaultDirectory,
        RecordsPath = flags.GetValue(TrainerOptions.Records),
        CheckpointDirectory = flags.GetValue(TrainerOptions.CheckpointDir),
        KeepCheckpoints = flags.GetValue(TrainerOptions.KeepCheckpoints) is >= 0 and var keep
            ? keep
            : throw new InputException($"--keep-checkpoints {flags.GetValue(TrainerOptions.KeepCheckpoints)}: expected 0 (keep all) or a positive count."),
        ResumeFrom = flags.GetValue(TrainerOptions.Resume),
        InitFrom = flags.GetValue(TrainerOptions.InitFrom) is { } init && flags.GetValue(TrainerOptions.Resume) is not null
            ? throw new InputException($"--init-from {init} and --resume both given; expected one starting point.")
            : flags.GetValue(TrainerOptions.InitFrom),
        FaultAtStep = Positive(flags.GetValue(TrainerOptions.FaultAtStep), "--fault-at-step"),
        FaultRank = flags.GetValue(TrainerOptions.FaultRank) is >= 0 and var faultRank
            ? faultRank
            : throw new InputException($"--fault-rank {flags.GetValue(TrainerOptions.FaultRank)}: expected a rank, 0 or more."),
        FaultKind = flags.GetValue(TrainerOptions.FaultKind) switch
        {
            TrainerFlags.FaultKill => Training.FaultKind.Kill,
            TrainerFlags.FaultStall => Training.FaultKind.Stall,
            var other => throw new InputException($"--fault-kind {other}: expected kill or stall."),
        },
        // Longer than every peer waits for the stalled worker, so they give up first.
        StallFor = TimeSpan.FromSeconds((flags.GetValue(TrainerOptions.Timeout) is > 0 and <= RingFromFlags.MaxTimeoutSeconds and var timeout ? timeout : 60)
            + 15),
    };

    public static int Positive(int value, string flag) => value > 0 ? value : throw new InputException($"{flag} {value}: expected a positive integer.");

    public static int? Positive(int? value, string flag) => value is null ? null : Positive(value.Value, flag);

    public static void Log(string message) => Console.Out.WriteLine(message);
}
