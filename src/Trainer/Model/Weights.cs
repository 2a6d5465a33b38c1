using TorchSharp.Modules;

namespace Testbed.Trainer.Model;

/// <summary>All parameters as one float sequence, in parameter order (the checkpoint layout).</summary>
public static class Weights
{
    public static float[] Flatten(IReadOnlyList<Parameter> parameters)
    {
        var weights = new float[parameters.Sum(p => p.numel())];
        int offset = 0;
        foreach (Parameter parameter in parameters)
        {
            Span<float> source = TensorMemory.Floats(parameter);
            source.CopyTo(weights.AsSpan(offset));
            offset += source.Length;
        }

        return weights;
    }

    /// <summary>Copies saved weights into the parameters; false when the count does not match the model.</summary>
    public static bool TryLoad(IReadOnlyList<Parameter> parameters, ReadOnlySpan<float> weights)
    {
        if (weights.Length != parameters.Sum(p => p.numel()))
        {
            return false;
        }

        int offset = 0;
        foreach (Parameter parameter in parameters)
        {
            Span<float> target = TensorMemory.Floats(parameter);
            weights.Slice(offset, target.Length).CopyTo(target);
            offset += target.Length;
        }

        return true;
    }
}
