using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Model;

/// <summary>
/// The TensorFlow multi-worker tutorial's CNN the thesis trained (THESIS.md):
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

    public ThesisCnn() : base(nameof(ThesisCnn))
    {
        _conv = nn.Conv2d(1, 32, 3);
        _hidden = nn.Linear(32 * 26 * 26, 128);
        _logits = nn.Linear(128, 10);
        RegisterComponents();
        using (no_grad())
        {
            foreach (Linear linear in new[] { _hidden, _logits })
            {
                nn.init.xavier_uniform_(linear.weight);
                nn.init.zeros_(linear.bias);
            }

            nn.init.xavier_uniform_(_conv.weight);
            nn.init.zeros_(_conv.bias);
        }
    }

    /// <param name="images">[batch, 1, 28, 28], scaled to [0, 1].</param>
    public override Tensor forward(Tensor images)
    {
        using Tensor convolved = _conv.forward(images);
        using Tensor activated = nn.functional.relu(convolved);
        using Tensor flat = activated.flatten(1);
        using Tensor hidden = _hidden.forward(flat);
        using Tensor hiddenActivated = nn.functional.relu(hidden);
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
