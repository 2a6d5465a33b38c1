using Testbed.Trainer.Data;
using Testbed.Trainer.Model;
using static TorchSharp.torch;

namespace Testbed.Trainer.Training;

/// <summary>Mean cross-entropy and accuracy of a model over a whole image set (the test set).</summary>
public static class Evaluation
{
    public static (double Loss, double Accuracy) Run(ThesisCnn model, ImageSet set, int batch = 1000)
    {
        model.eval();
        double lossSum = 0;
        long correct = 0;
        using (no_grad())
        {
            for (int start = 0; start < set.Count; start += batch)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batch, set.Count - start);
                Tensor images = zeros(count, 1, set.Rows, set.Columns);
                Tensor labels = zeros(count, ScalarType.Int64);
                BatchLoader.Fill(set, Enumerable.Range(start, count).ToArray(), images, labels);
                Tensor logits = model.forward(images);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(labels).sum().item<long>();
            }
        }

        model.train();
        return (lossSum / set.Count, (double)correct / set.Count);
    }
}
