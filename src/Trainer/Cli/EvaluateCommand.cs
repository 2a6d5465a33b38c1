using System.CommandLine;
using Testbed.Trainer.Checkpoints;
using Testbed.Trainer.Data;
using Testbed.Trainer.Model;
using Testbed.Trainer.Runtime;
using Testbed.Trainer.Training;
using TorchSharp.Modules;

namespace Testbed.Trainer.Cli;

/// <summary>`evaluate --checkpoint`: test-set loss and accuracy of saved weights.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "Print the test-set loss and accuracy of a checkpoint.")
        {
            TrainerOptions.Checkpoint, TrainerOptions.Data, TrainerOptions.Threads,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult flags)
    {
        var path = flags.GetValue(TrainerOptions.Checkpoint) ?? throw new InputException("evaluate needs --checkpoint <file>.");
        var state = CheckpointFile.Read(path, "--checkpoint");
        var threads = ThreadBudget.Decide(TrainCommand.Positive(flags.GetValue(TrainerOptions.Threads), "--threads"));
        TorchSharp.torch.set_num_threads(threads.Threads);
        var test = DatasetFiles.LoadTest(flags.GetValue(TrainerOptions.Data) ?? DatasetFiles.DefaultDirectory);
        using var model = new ThesisCnn();
        Parameter[] parameters = [.. model.parameters()];
        Weights.Load(parameters, state.Parameters, state.Weights, $"--checkpoint {path}");

        var (loss, accuracy) = Evaluation.Run(model, test);
        Console.Out.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"epoch {state.Epoch} checkpoint {path} ({state.WeightsHash}): test loss: {loss:0.0000} - test accuracy: {accuracy:0.0000} ({test.Count} images)"));
        return 0;
    }
}
