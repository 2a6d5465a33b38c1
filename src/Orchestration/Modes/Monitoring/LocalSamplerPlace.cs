using System.Diagnostics;

namespace Testbed.Orchestration.Monitoring;

/// <summary>This host, for runs on the local cluster: the same program, started as a local process.</summary>
public sealed class LocalSamplerPlace : ISamplerPlace
{
    public string Name => Environment.MachineName;
    public string? LanAddress => null;
    public string WorkFolder => Path.GetTempPath();

    public Task<IAsyncDisposable> StartAsync(string command, Action<string> onLine, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start the sampler.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.FromResult<IAsyncDisposable>(new Running(process));
    }

    public Task RunAsync(string command, CancellationToken cancellation) =>
        Processes.ProcessRunner.RunAsync("/bin/sh", ["-c", command], TimeSpan.FromSeconds(30), cancellation);

    private sealed class Running(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Never started or already reaped.
            }
            process.Dispose();
        }
    }
}
