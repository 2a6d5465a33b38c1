using System.Diagnostics;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Cluster;

/// <summary>The local tar of a copy; disposing kills it if it still runs and waits for it.</summary>
internal sealed class TarProcess : IDisposable
{
    private TarProcess(Process process)
    {
        Process = process;
        Errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
    }

    public Process Process { get; }
    public Task<string> Errors { get; }

    public static TarProcess Create(IReadOnlyList<string> arguments, bool readsInput)
    {
        var start = new ProcessStartInfo("tar")
        {
            RedirectStandardOutput = !readsInput,
            RedirectStandardInput = readsInput,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return new TarProcess(Process.Start(start) ?? throw new ProcessFailedException("Could not start tar."));
    }

    public static async Task CopyAsync(Stream from, Stream to, Action<long>? progress, CancellationToken cancellation)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellation)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellation);
            total += read;
            progress?.Invoke(total);
        }
        await to.FlushAsync(cancellation);
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited) Process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        Process.WaitForExit();
        Process.Dispose();
    }
}
