using Testbed.Trainer.Data;
using Testbed.Trainer.Model;
using static TorchSharp.torch;

namespace Testbed.Trainer.Training;

/// <summary>Copies chosen samples straight into preallocated input tensors, scaled to [0,1] as the thesis did.</summary>
public static class BatchLoader
{
    public static void Fill(ImageSet set, ReadOnlySpan<int> indices, Tensor images, Tensor labels)
    {
        var pixels = TensorMemory.Floats(images);
        var size = set.PixelsPerImage;
        var labelValues = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var image = set.Image(indices[i]);
            var target = pixels.Slice(i * size, size);
            for (var p = 0; p < size; p++)
            {
                target[p] = image[p] / 255f;
            }

            labelValues[i] = set.Labels[indices[i]];
        }

        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(labels.bytes).Clear();
        labelValues.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(labels.bytes));
    }
}
