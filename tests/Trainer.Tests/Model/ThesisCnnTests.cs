using Testbed.Trainer.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Testbed.Trainer.Tests.Model;

public sealed class ThesisCnnTests
{
    [Fact]
    public void The_thesis_cnn_has_2_770_634_parameters()
    {
        using var model = new ThesisCnn();
        Assert.Equal(2_770_634, model.parameters().Sum(p => p.numel()));
        Assert.Equal(ThesisCnn.ParameterCount, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Backward_writes_every_gradient_into_the_flat_buffer_without_a_copy()
    {
        manual_seed(1);
        using var model = new ThesisCnn();
        var parameters = model.parameters().ToArray();
        using var gradients = new GradientBuffer(parameters);
        using var scope = NewDisposeScope();

        var images = rand(4, 1, 28, 28);
        var labels = tensor(new long[] { 1, 2, 3, 4 });
        nn.functional.cross_entropy(model.forward(images), labels).backward();

        Assert.True(gradients.IsAttached());
        Assert.Contains(gradients.Span.ToArray(), g => g != 0f);
        long offset = 0;
        foreach (var parameter in parameters)
        {
            var expected = parameter.grad!.data<float>().ToArray();
            Assert.Equal(expected, gradients.Span.Slice((int)offset, expected.Length).ToArray());
            offset += expected.Length;
        }

        // A second backward after Zero must start from zero again, still in the same buffer.
        gradients.Zero();
        Assert.All(gradients.Span.ToArray(), g => Assert.Equal(0f, g));
        nn.functional.cross_entropy(model.forward(images), labels).backward();
        Assert.True(gradients.IsAttached());
        Assert.Equal(parameters[0].grad!.data<float>().ToArray(), gradients.Span[..parameters[0].grad!.data<float>().ToArray().Length].ToArray());
    }

    [Fact]
    public void Spans_over_tensor_memory_write_through_to_the_tensor()
    {
        using var t = zeros(5);
        TensorMemory.Floats(t)[3] = 7f;
        Assert.Equal(7f, t[3].item<float>());
        using var view = t.narrow(0, 2, 3);
        Assert.Equal(7f, TensorMemory.Floats(view)[1]);
    }
}
