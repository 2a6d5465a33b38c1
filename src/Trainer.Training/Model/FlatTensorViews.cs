using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Model;

/// <summary>
/// One contiguous float32 buffer with a view per parameter, in parameter order. Used for the
/// gradients (each parameter's .grad is its view, so backward accumulates straight into the
/// buffer the all-reduce works on: no flattening copy at all) and for optimizer state.
/// </summary>
public sealed class FlatTensorViews : IDisposable
{
    private readonly Tensor[] _views;

    public FlatTensorViews(IReadOnlyList<Parameter> parameters)
    {
        var total = parameters.Sum(p => p.numel());
        Flat = zeros(total, ScalarType.Float32);
        _views = new Tensor[parameters.Count];
        long offset = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var n = parameters[i].numel();
            _views[i] = Flat.narrow(0, offset, n).view(parameters[i].shape);
            offset += n;
        }
    }

    public Tensor Flat { get; }

    public IReadOnlyList<Tensor> Views => _views;

    public Span<float> Span => TensorMemory.Floats(Flat);

    public void Dispose()
    {
        foreach (var view in _views)
        {
            view.Dispose();
        }

        Flat.Dispose();
    }
}
