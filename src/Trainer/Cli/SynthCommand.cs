using System.CommandLine;
using Testbed.Trainer.Data;

namespace Testbed.Trainer.Cli;

/// <summary>`synth-data`: writes the small deterministic synthetic dataset (IDX) for smoke runs without Fashion-MNIST.</summary>
public static class SynthCommand
{
    private static readonly Option<string?> Output = EnvOption.String("--output", "Folder to write the four IDX files into.");
    private static readonly Option<int> Train = EnvOption.Int("--train-count", "Training images.", 2000);
    private static readonly Option<int> Test = EnvOption.Int("--test-count", "Test images.", 500);

    public static Command Create()
    {
        var command = new Command("synth-data", "Write a small deterministic synthetic MNIST-format dataset (for tests and smoke runs).")
        {
            Output, Train, Test, TrainerOptions.Seed,
        };
        command.SetAction(flags =>
        {
            var output = flags.GetValue(Output) ?? throw new InputException("synth-data needs --output <folder>.");
            var train = TrainCommand.Positive(flags.GetValue(Train), "--train-count");
            var test = TrainCommand.Positive(flags.GetValue(Test), "--test-count");
            try
            {
                SyntheticDataset.Write(output, train, test, flags.GetValue(TrainerOptions.Seed));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"--output {output}: cannot write there ({e.Message}); expected a folder this user can create or write.");
            }
            Console.Out.WriteLine($"wrote synthetic IDX files to {output}");
            return 0;
        });
        return command;
    }
}
