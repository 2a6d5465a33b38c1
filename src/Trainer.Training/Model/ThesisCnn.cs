using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Model;

/// <summary>
/// The TensorFlow multi-worker tutorial's CNN the thesis trained (docs/thesis.md):
/// Conv2D(32, 3x3, relu) -> Flatten -> Dense(128, relu) -> Dense(10) logits; 2,770,634 parameters.
/// Initialised like Keras (Glorot-uniform weights, zero biases) so losses track the thesis's.
/// </summary>
public sealed class ThesisCnn : nn.Module<Tensor, Tensor>
{
    public const long ParameterCount = 2_770_634;
    public const int ImageSide = 28;

    private readonly Conv2d _conv;
    private readonly Linear _hidden;
    private readonly Linear _logits;

    /// <param name="seed">
    /// Seeds a generator of the model's own: the global torch generator is shared by every
    /// thread, so in-process workers (the tests) would otherwise draw different weights.
    /// </param>
    public ThesisCnn(long seed = 42) : base(nameof(ThesisCnn))
    {
        _conv = nn.Conv2d(1, 32, 3);
        _hidden = nn.Linear(32 * 26 * 26, 128);
        _logits = nn.Linear(128, 10);
        RegisterComponents();
        using var generator = new Generator((ulong)seed, CPU);
        using (no_grad())
        {
            // Keras's Glorot-uniform: fans are input/output features, times the kernel area for convolutions.
            GlorotUniform(_conv.weight!, fanIn: 1 * 9, fanOut: 32 * 9, generator);
            GlorotUniform(_hidden.weight!, fanIn: 32 * 26 * 26, fanOut: 128, generator);
            GlorotUniform(_logits.weight!, fanIn: 128, fanOut: 10, generator);
            _conv.bias!.zero_();
            _hidden.bias!.zero_();
            _logits.bias!.zero_();
        }
    }

    private static void GlorotUniform(Tensor weight, int fanIn, int fanOut, Generator generator)
    {
        var bound = Math.Sqrt(6.0 / (fanIn + fanOut));
        weight.uniform_(-bound, bound, generator);
    }

    /// <summary>
    /// The convolution's parameters: first in parameter order (so first in the flat gradient
    /// buffer) and last to get gradients in backward, which lets the dense layers' gradients
    /// (all but 320 of the 2.77 M) be all-reduced while the convolution's are still computed.
    /// </summary>
    public IReadOnlyList<Parameter> FirstLayerParameters => [_conv.weight!, _conv.bias!];

    /// <param name="images">[batch, 1, 28, 28], scaled to [0, 1].</param>
    public override Tensor forward(Tensor images)
    {
        using var convolved = _conv.forward(images);
        using var activated = nn.functional.relu(convolved);
        using var flat = activated.flatten(1);
        using var hidden = _hidden.forward(flat);
        using var hiddenActivated = nn.functional.relu(hidden);
        return _logits.forward(hiddenActivated);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _conv.Dispose();
            _hidden.Dispose();
            _logits.Dispose();
        }

        base.Dispose(disposing);
    }
}
