using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Model;

/// <summary>
/// Plain SGD with optional momentum (Keras's SGD: v = momentum*v - lr*g; p += v), written out
/// so that its whole state (the velocity buffer) sits in one flat tensor that checkpoints can
/// save and restore exactly. The thesis uses lr 0.001 and no momentum.
/// </summary>
public sealed class Sgd : IDisposable
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly FlatTensorViews? _velocity;

    public Sgd(IReadOnlyList<Parameter> parameters, double learningRate, double momentum)
    {
        _parameters = parameters;
        LearningRate = learningRate;
        Momentum = momentum;
        _velocity = momentum > 0 ? new FlatTensorViews(parameters) : null;
    }

    public double LearningRate { get; }
    public double Momentum { get; }

    /// <summary>The optimizer state (empty without momentum).</summary>
    public Span<float> State => _velocity is null ? Span<float>.Empty : _velocity.Span;

    public void Step()
    {
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Count; i++)
        {
            using var grad = _parameters[i].grad!;
            if (_velocity is null)
            {
                _parameters[i].add_(grad, alpha: -LearningRate);
            }
            else
            {
                var velocity = _velocity.Views[i];
                velocity.mul_(Momentum).add_(grad, alpha: -LearningRate);
                _parameters[i].add_(velocity);
            }
        }
    }

    public void Dispose() => _velocity?.Dispose();
}
