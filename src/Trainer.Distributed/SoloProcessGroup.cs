namespace Testbed.Trainer.Distributed;

/// <summary>World size 1: the mean over one rank is the buffer itself, so every collective is a no-op.</summary>
public sealed class SoloProcessGroup : IProcessGroup
{
    public int Rank => 0;
    public int WorldSize => 1;
    public long BytesSent => 0;
    public long BytesReceived => 0;

    public void AllReduce(Span<float> buffer)
    {
    }

    public void AllReducePart(Span<float> whole, int offset, int count)
    {
    }

    public void Barrier()
    {
    }

    public void Broadcast(Span<float> buffer)
    {
    }

    public void Dispose()
    {
    }
}
