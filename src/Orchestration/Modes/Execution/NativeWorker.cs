using System.Diagnostics;

namespace Testbed.Orchestration.Execution;

/// <summary>One native worker process, its console output going to worker-&lt;rank&gt;.log.</summary>
internal sealed class NativeWorker : IDisposable
{
    private readonly StreamWriter _log;

    private NativeWorker(int rank, Process process, StreamWriter log)
    {
        Rank = rank;
        Process = process;
        _log = log;
    }

    public int Rank { get; }
    public Process Process { get; }

    public static NativeWorker Start(int rank, ProcessStartInfo start, string logFile)
    {
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var worker = new NativeWorker(rank, process, log);
        process.OutputDataReceived += (_, e) => worker.Write(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Write(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }

    public void Kill()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        Process.WaitForExit(5000);
        lock (_log) _log.Dispose();
        Process.Dispose();
    }
}
