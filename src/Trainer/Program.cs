using System.CommandLine;
using Testbed.Trainer.Bench;
using Testbed.Trainer.Cli;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Executable;

/// <summary>
/// testbed-trainer: one process per worker; its commands and how an error ends it (<see cref="ExitCodes"/>).
/// The one type above every trainer namespace, so in a namespace of its own: the root namespace
/// <c>Testbed.Trainer</c> holds what all of them use (InputException, ExitCodes).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (!Runtime.MallocTuning.Apply() && OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("warning: glibc's malloc thresholds could not be fixed (no " +
                "glibc?); a rank may then page-fault its way to being the ring's straggler.");
        }

        var root = new RootCommand("testbed-trainer: data-parallel training of the thesis CNN over a " +
            "TCP ring all-reduce. Every flag can also be set as TESTBED_<FLAG> (e.g. TESTBED_EPOCHS).")
        {
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            BenchCommand.Create(),
            SynthCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("See `testbed-trainer <command> --help`.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (PeerFailureException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
        catch (TypeInitializationException e) when (e.TypeName?.StartsWith("TorchSharp", StringComparison.Ordinal) == true)
        {
            // The usual cause: libLibTorchSharp needs glibc >= 2.38 / GLIBCXX_3.4.32 (Debian 13), see docs/environment.md.
            Console.Error.WriteLine($"error: TorchSharp could not load its native library " +
                $"({e.InnerException?.Message.Split('\n')[0]}); run the trainer on the Debian 13 runtime rootfs or image.");
            return ExitCodes.RuntimeFailure;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e.StackTrace);
            return ExitCodes.RuntimeFailure;
        }
    }
}
