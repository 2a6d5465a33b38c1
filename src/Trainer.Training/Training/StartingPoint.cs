using Testbed.Trainer.Checkpoints;
using Testbed.Trainer.Distributed;
using Testbed.Trainer.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Training;

/// <summary>Where a run starts (fresh, --init-from or --resume) and what a checkpoint captures.</summary>
public sealed class StartingPoint(TrainingOptions options, IProcessGroup group, Action<string> log)
{
    /// <summary>
    /// The chief decides where training starts (fresh, --init-from or --resume) and broadcasts
    /// the weights, optimizer state and epoch, so only it needs the checkpoint file.
    /// </summary>
    public int Establish(Parameter[] parameters, Sgd optimizer, SortedDictionary<string, string> config, string configHash)
    {
        float[] meta = [0];
        if (group.Rank == 0 && (options.ResumeFrom ?? options.InitFrom) is { } path)
        {
            var resume = options.ResumeFrom is not null;
            var flag = resume ? "--resume" : "--init-from";
            var state = CheckpointFile.Read(path, flag);
            if (resume && state.ConfigHash != configHash)
            {
                throw new InputException(
                    $"--resume {path}: the checkpoint was made with other settings ({RunConfig.Differences(state.Config, config)}); " +
                        $"resume with the same settings, or use --init-from to start a new run from its weights.");
            }

            Restore(state, parameters, resume ? optimizer : null, path, flag);
            meta[0] = resume ? state.Epoch : 0;
            log($"{(resume ? "resuming after epoch " + state.Epoch : "initialised")} from {path} (weights {state.WeightsHash})");
        }

        group.Broadcast(meta);
        foreach (var parameter in parameters)
        {
            group.Broadcast(TensorMemory.Floats(parameter));
        }

        group.Broadcast(optimizer.State);
        return (int)meta[0];
    }

    private static void Restore(TrainingState state, Parameter[] parameters, Sgd? optimizer, string path, string flag)
    {
        Weights.Load(parameters, state.Parameters, state.Weights, $"{flag} {path}");
        if (optimizer is not null)
        {
            if (state.OptimizerState.Length != optimizer.State.Length)
            {
                throw new InputException($"{flag} {path}: optimizer state of {state.OptimizerState.Length} floats; " +
                    $"expected {optimizer.State.Length} (same --momentum as the checkpointed run).");
            }

            state.OptimizerState.CopyTo(optimizer.State);
            // Not covered by the weights hash, and libtorch answers a wrong size by aborting the
            // whole process (an uncaught c10::Error), so the size is checked here first.
            using (var current = get_rng_state())
            {
                if (state.RngState.Length != current.bytes.Length)
                {
                    throw new InputException(
                        $"{flag} {path}: the header's rngState holds {state.RngState.Length} bytes; expected the {current.bytes.Length}-byte " +
                            $"state of torch's CPU generator (the checkpoint is damaged or from another libtorch).");
                }
            }

            using var rng = tensor(state.RngState, ScalarType.Byte);
            set_rng_state(rng);
        }
    }

    public static TrainingState Capture(int epoch, (string Name, Parameter Parameter)[] named, Sgd optimizer, SortedDictionary<string, string> config,
        string configHash)
    {
        Parameter[] parameters = [.. named.Select(n => n.Parameter)];
        var weights = Weights.Flatten(parameters);
        using var rng = get_rng_state();
        return new TrainingState(
            epoch, configHash, config,
            [.. named.Select(n => (n.Name, n.Parameter.shape))],
            weights, optimizer.State.ToArray(), rng.bytes.ToArray(), WeightsHash.Of(parameters));
    }
}
