using Testbed.Trainer.Distributed;
using static TorchSharp.torch;

namespace Testbed.Trainer.Training;

/// <summary>
/// Runs one all-reduce at a time on a dedicated thread, over a slice of a tensor's memory, so
/// the training thread can keep computing (the rest of backward) while gradients travel:
/// the overlap data-parallel frameworks get from gradient buckets. It holds the tensor, so it
/// lives with the training step, not in the TorchSharp-free ring library.
/// </summary>
public sealed class BackgroundAllReduce : IDisposable
{
    private readonly IProcessGroup _group;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _start = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private Tensor? _flat;
    private int _offset;
    private int _count;
    private Exception? _failure;
    private bool _running;
    private volatile bool _stopping;

    public BackgroundAllReduce(IProcessGroup group)
    {
        _group = group;
        _thread = new Thread(Loop) { IsBackground = true, Name = "gradient-all-reduce" };
        _thread.Start();
    }

    /// <summary>
    /// Starts averaging elements [offset, offset+count) of <paramref name="flat"/> over all ranks,
    /// with the arithmetic an all-reduce of the whole of it would apply (<see cref="IProcessGroup.AllReducePart"/>).
    /// </summary>
    public void Start(Tensor flat, int offset, int count)
    {
        if (_running)
        {
            throw new InvalidOperationException("an all-reduce is already running; Wait() for it first");
        }

        (_flat, _offset, _count, _failure, _running) = (flat, offset, count, null, true);
        _start.Release();
    }

    /// <summary>Waits for the running all-reduce and rethrows its failure, if any.</summary>
    public void Wait()
    {
        if (!_running)
        {
            return;
        }

        _done.Wait();
        _running = false;
        if (_failure is not null)
        {
            throw _failure;
        }
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _group.AllReducePart(Model.TensorMemory.Floats(_flat!), _offset, _count);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                _done.Release();
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _start.Release();
        _thread.Join(TimeSpan.FromSeconds(5));
        _start.Dispose();
        _done.Dispose();
    }
}
