using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Testbed.Trainer.Model;

/// <summary>Spans over a CPU tensor's own memory (not a copy), for the all-reduce and checkpoints.</summary>
public static class TensorMemory
{
    public static Span<float> Floats(Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Float32 || !tensor.is_contiguous())
        {
            throw new ArgumentException($"expected a contiguous float32 tensor, found {tensor.dtype} contiguous={tensor.is_contiguous()}", nameof(tensor));
        }

        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    /// <summary>Address of the tensor's first element: two tensors with the same address share memory.</summary>
    public static unsafe nint Address(Tensor tensor) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(tensor.bytes));
}
