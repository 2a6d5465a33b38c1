using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Testbed.Trainer.Bench;

/// <summary>Starts more workers of this very program (benchmarks spawn their loopback peers), output captured, with a deadline.</summary>
public static class SelfProcess
{
    public static Process Start(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {host}");
    }

    /// <summary>Waits for every process, killing all of them at the deadline; returns (exit code, stdout, stderr) per process.</summary>
    public static (int ExitCode, string Output, string Error)[] WaitAll(IReadOnlyList<Process> processes, TimeSpan limit)
    {
        Task<string>[] outputs = [.. processes.Select(p => p.StandardOutput.ReadToEndAsync())];
        Task<string>[] errors = [.. processes.Select(p => p.StandardError.ReadToEndAsync())];
        var clock = Stopwatch.StartNew();
        foreach (var process in processes)
        {
            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero || !process.WaitForExit(left))
            {
                foreach (var p in processes.Where(p => !p.HasExited))
                {
                    p.Kill(entireProcessTree: true);
                }

                break;
            }
        }

        return [.. processes.Select((p, i) =>
        {
            p.WaitForExit();
            return (p.ExitCode, outputs[i].Result, errors[i].Result);
        })];
    }

    /// <summary>Ports the kernel hands out as free right now (there is a small race; fine for benchmarks).</summary>
    public static int[] FreePorts(int count)
    {
        Socket[] sockets = [.. Enumerable.Range(0, count).Select(_ =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return s;
        })];
        int[] ports = [.. sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        foreach (var s in sockets)
        {
            s.Dispose();
        }

        return ports;
    }

    /// <summary>A throw-away job token file for loopback peers.</summary>
    public static string TokenFile(string directory)
    {
        var path = Path.Combine(directory, "job-token");
        File.WriteAllBytes(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return path;
    }
}
