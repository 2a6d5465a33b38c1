using System.Text;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>
/// A node command's output is read off the thread pool: SSH.NET's output stream reads only
/// synchronously, and read through ReadAsync each open command held a pool thread; a run's
/// samplers, heartbeats, workers and engine connections starved the pool for seconds at a time.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class CommandOutputTests
{
    [Fact]
    public async Task Lines_are_read_as_they_come_and_never_on_a_thread_pool_thread()
    {
        using var stream = new BlockingStream();
        var lines = new List<string>();
        var output = CommandOutput.Read(stream, line => { lock (lines) lines.Add(line); });

        stream.Write("first\nsecond\n");
        await WaitUntil(() => { lock (lines) return lines.Count == 2; });
        stream.End();
        await output.Completed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["first", "second"], lines);
        Assert.NotEmpty(stream.ReaderThreads);
        Assert.DoesNotContain(true, stream.ReaderThreads);
    }

    [Fact]
    public async Task The_text_and_the_process_group_come_from_a_stream_read_off_the_pool()
    {
        using var stream = new BlockingStream();
        var output = CommandOutput.Read(stream);

        stream.Write($"{NodeProcessScript.PidMarker}4242\nhello\nworld\n");
        Assert.Equal(4242, await output.ProcessGroup.WaitAsync(TimeSpan.FromSeconds(10)));
        stream.End();
        await output.Completed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("hello\nworld\n", output.Text);
        Assert.DoesNotContain(true, stream.ReaderThreads);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        Assert.True(condition(), "the condition did not hold within 10 s");
    }

    /// <summary>Like SSH.NET's PipeStream: Read blocks until data or the end; no async override. Records whether each Read ran on a pool thread.</summary>
    private sealed class BlockingStream : Stream
    {
        private readonly Queue<byte> _bytes = new();
        private bool _ended;

        public List<bool> ReaderThreads { get; } = [];

        public void Write(string text)
        {
            lock (_bytes)
            {
                foreach (var b in Encoding.UTF8.GetBytes(text)) _bytes.Enqueue(b);
                Monitor.PulseAll(_bytes);
            }
        }

        public void End()
        {
            lock (_bytes)
            {
                _ended = true;
                Monitor.PulseAll(_bytes);
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            lock (_bytes)
            {
                ReaderThreads.Add(Thread.CurrentThread.IsThreadPoolThread);
                while (_bytes.Count == 0 && !_ended) Monitor.Wait(_bytes);
                var read = 0;
                while (read < count && _bytes.Count > 0) buffer[offset + read++] = _bytes.Dequeue();
                return read;
            }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
