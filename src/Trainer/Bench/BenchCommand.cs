using System.CommandLine;

namespace Testbed.Trainer.Bench;

/// <summary>`bench`: performance measurements (not timed tests).</summary>
public static class BenchCommand
{
    public static Command Create() =>
        new("bench",
        "Benchmarks: `bench allreduce` (bandwidth vs raw TCP), `bench step` (ms/step " +
        "compute-only vs distributed) and `bench pingpong` (a path's TCP round trip).")
    {
        AllReduceBench.Create(),
        StepBench.Create(),
        PingPongBench.Create(),
    };
}
