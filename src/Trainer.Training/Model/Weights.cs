using TorchSharp.Modules;

namespace Testbed.Trainer.Model;

/// <summary>All parameters as one float sequence, in parameter order (the checkpoint layout).</summary>
public static class Weights
{
    public static float[] Flatten(IReadOnlyList<Parameter> parameters)
    {
        var weights = new float[parameters.Sum(p => p.numel())];
        var offset = 0;
        foreach (var parameter in parameters)
        {
            var source = TensorMemory.Floats(parameter);
            source.CopyTo(weights.AsSpan(offset));
            offset += source.Length;
        }

        return weights;
    }

    /// <summary>
    /// Copies a checkpoint's weights into the parameters after checking that its parameter
    /// shapes are the model's, in order; otherwise an <see cref="InputException"/> that starts
    /// with <paramref name="source"/> ("--resume path") says which parameter differs.
    /// </summary>
    public static void Load(IReadOnlyList<Parameter> parameters, IReadOnlyList<(string Name, long[] Shape)> savedShapes, ReadOnlySpan<float> weights,
        string source)
    {
        var expected = parameters.Sum(p => p.numel());
        if (weights.Length != expected)
        {
            throw new InputException($"{source}: holds {weights.Length} weights; expected {expected} (the thesis CNN).");
        }

        if (savedShapes.Count != parameters.Count)
        {
            throw new InputException($"{source}: holds {savedShapes.Count} parameters; expected the thesis CNN's {parameters.Count}.");
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!savedShapes[i].Shape.SequenceEqual(parameters[i].shape))
            {
                throw new InputException(
                    $"{source}: parameter {i + 1} ({savedShapes[i].Name}) has shape [{string.Join(", ", savedShapes[i].Shape)}]; " +
                        $"expected [{string.Join(", ", parameters[i].shape)}] (the thesis CNN).");
            }
        }

        var offset = 0;
        foreach (var parameter in parameters)
        {
            var target = TensorMemory.Floats(parameter);
            weights.Slice(offset, target.Length).CopyTo(target);
            offset += target.Length;
        }
    }
}
