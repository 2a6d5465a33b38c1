using System.Globalization;
using Testbed.Records;

namespace Testbed.Trainer.Training;

/// <summary>The Keras-like per-epoch console line the thesis's logs show: `Epoch 3/12 - 70/70 - 15s 213ms/step - loss: 2.0778 - accuracy: 0.5600`.</summary>
public static class ProgressLine
{
    public static string Format(EpochRecord r) => string.Create(
        CultureInfo.InvariantCulture,
        $"Epoch {r.Epoch}/{r.Epochs} - {r.Steps}/{r.Steps} - {Math.Round(r.Seconds):0}s " +
            $"{Math.Round(r.MsPerStep):0}ms/step - loss: {r.Loss:0.0000} - accuracy: {r.Accuracy:0.0000}");
}
