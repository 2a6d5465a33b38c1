using System.Diagnostics;
using Testbed.Trainer.Distributed;
using Testbed.Trainer.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Training;

/// <summary>What one step did and where its time went (Stopwatch ticks).</summary>
public readonly record struct StepResult(float Loss, long Correct, long ComputeTicks, long AllReduceTicks);

/// <summary>
/// One synchronous data-parallel SGD step: forward and backward on this rank's batch, the
/// gradients averaged over all ranks in place in the flat buffer, the same update everywhere.
/// With overlap, backward runs first for the dense layers, whose gradients (all but 320 of the
/// 2.77 M) then travel on a background thread while backward continues for the convolution
/// (the dense layer's grad-input, about a third of the backward work); the convolution's
/// gradients follow in a tiny all-reduce. Both parts are reduced along the chunks of the whole
/// buffer (<see cref="IProcessGroup.AllReducePart"/>), so every gradient gets the same additions
/// in the same order as without overlap: bit-identical weights at any world size (tested for 2 and 3).
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly ThesisCnn _model;
    private readonly GradientBuffer _gradients;
    private readonly Sgd _optimizer;
    private readonly IProcessGroup _group;
    private readonly BackgroundAllReduce? _background;
    private readonly Tensor[] _firstLayer;
    private readonly Tensor[] _laterLayers;
    private readonly int _firstLayerCount;

    public TrainingStep(ThesisCnn model, IReadOnlyList<Parameter> parameters, GradientBuffer gradients, Sgd optimizer, IProcessGroup group, bool overlap)
    {
        _model = model;
        _gradients = gradients;
        _optimizer = optimizer;
        _group = group;
        _firstLayer = [.. model.FirstLayerParameters];
        _laterLayers = [.. parameters.Where(p => !_firstLayer.Contains(p))];
        _firstLayerCount = (int)_firstLayer.Sum(p => p.numel());
        if (!parameters.Take(_firstLayer.Length).SequenceEqual(_firstLayer))
        {
            throw new InvalidOperationException("the first layer's parameters must lead the flat gradient buffer");
        }

        _background = overlap && group.WorldSize > 1 ? new BackgroundAllReduce(group) : null;
    }

    public StepResult Run(Tensor images, Tensor labels)
    {
        var computeStart = Stopwatch.GetTimestamp();
        float lossValue;
        long correct;
        using (NewDisposeScope())
        {
            _gradients.Zero();
            var logits = _model.forward(images);
            var loss = nn.functional.cross_entropy(logits, labels);
            if (_background is null)
            {
                loss.backward();
            }
            else
            {
                loss.backward(null, retain_graph: true, create_graph: false, inputs: _laterLayers);
                _background.Start(_gradients.Flat, _firstLayerCount, _gradients.Span.Length - _firstLayerCount);
                loss.backward(null, retain_graph: false, create_graph: false, inputs: _firstLayer);
            }

            lossValue = loss.item<float>();
            correct = logits.argmax(1).eq(labels).sum().item<long>();
        }

        // Only the communication the step waits for counts as all-reduce time.
        var allReduceStart = Stopwatch.GetTimestamp();
        if (_background is null)
        {
            _group.AllReduce(_gradients.Span);
        }
        else
        {
            _background.Wait();
            _group.AllReducePart(_gradients.Span, 0, _firstLayerCount);
        }

        var updateStart = Stopwatch.GetTimestamp();
        _optimizer.Step();
        var end = Stopwatch.GetTimestamp();
        return new StepResult(lossValue, correct, allReduceStart - computeStart + (end - updateStart), updateStart - allReduceStart);
    }

    public void Dispose() => _background?.Dispose();
}
