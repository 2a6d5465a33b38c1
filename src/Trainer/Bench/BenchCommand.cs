using System.CommandLine;

namespace Testbed.Trainer.Bench;

/// <summary>`bench`: performance measurements (not timed tests).</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks: `bench allreduce` (bandwidth vs raw TCP) and `bench step` (ms/step compute-only vs distributed).")
    {
        AllReduceBench.Create(),
        StepBench.Create(),
    };
}
