using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Model;

/// <summary>
/// The gradients of all parameters in one flat buffer. Each parameter's .grad is made a view
/// into it; libtorch accumulates into an existing .grad in place, so after backward the
/// buffer already holds every gradient, ready for an in-place all-reduce (zero copies).
/// Never call module.zero_grad() (it would set the grads to none and break the views):
/// <see cref="Zero"/> clears the buffer instead.
/// </summary>
public sealed class GradientBuffer : IDisposable
{
    private readonly FlatTensorViews _views;
    private readonly IReadOnlyList<Parameter> _parameters;

    public GradientBuffer(IReadOnlyList<Parameter> parameters)
    {
        _parameters = parameters;
        _views = new FlatTensorViews(parameters);
        Attach();
    }

    public Span<float> Span => _views.Span;

    public Tensor Flat => _views.Flat;

    public void Zero() => _views.Flat.zero_();

    /// <summary>
    /// True when every parameter's .grad still shares the flat buffer's memory. A check for the
    /// tests (ThesisCnnTests): the all-reduce is only right while this holds, and nothing at run
    /// time needs to ask.
    /// </summary>
    internal bool IsAttached()
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            using var grad = _parameters[i].grad;
            if (grad is null || TensorMemory.Address(grad) != TensorMemory.Address(_views.Views[i]))
            {
                return false;
            }
        }

        return true;
    }

    private void Attach()
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            _parameters[i].grad = _views.Views[i];
        }
    }

    public void Dispose() => _views.Dispose();
}
