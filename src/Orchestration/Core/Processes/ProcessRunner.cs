using System.Diagnostics;
using System.Text;

namespace Testbed.Orchestration.Processes;

/// <summary>
/// Starts external tools with a timeout and captured output, never through a shell unless asked.
/// Cancellation or a timeout kills the whole process tree, so nothing is left running.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellation = default,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onLine = null,
        bool check = true)
    {
        var argumentList = arguments.ToList();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        argumentList.ForEach(start.ArgumentList.Add);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        void Receive(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            onLine?.Invoke(line);
        }
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) => Receive(e.Data);

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProcessFailedException($"Could not start '{fileName}': {e.Message}. Is it installed and on PATH?");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None);
            cancellation.ThrowIfCancellationRequested();
            throw new ProcessFailedException($"'{Describe(fileName, argumentList)}' did not finish " +
                $"within {timeout.TotalSeconds:0} s and was stopped. Last output:\n{Tail(output)}");
        }
        process.WaitForExit(); // flushes the asynchronous readers

        var result = new ProcessResult(process.ExitCode, output.ToString(), clock.Elapsed);
        if (check && result.ExitCode != 0)
            throw new ProcessFailedException($"'{Describe(fileName, argumentList)}' exited with code {result.ExitCode}. Last output:\n{result.Tail()}");
        return result;
    }

    private static string Tail(StringBuilder output)
    {
        lock (output) return new ProcessResult(0, output.ToString(), TimeSpan.Zero).Tail();
    }

    private static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)));

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Which(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH")
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
