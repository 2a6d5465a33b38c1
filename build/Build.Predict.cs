using Testbed.Analysis;
using Testbed.Analysis.Model;
using Testbed.BuildKit;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Predict: node counts to predict, comma-separated (e.g. 2,4,8,16).")]
    readonly string Nodes = "";

    [Parameter("Predict: batch per worker (default: the run's, when it measured one).")]
    readonly int? Batch = null;

    [Parameter("Predict: gradient size in MB (default: the run's, from its all-reduce traffic).")]
    readonly double? GradientMb = null;

    [Parameter("Predict and Report: a stated host network's throughput in Gbit/s (default: the run's measured wire); " +
        "Report draws the cost model's extrapolation on it beside the measured network.")]
    readonly double? Bandwidth = null;

    [Parameter("Predict and Report: a stated host network's round trip in microseconds (default: the run's measured wire); " +
        "Report draws the cost model's extrapolation on it beside the measured network.")]
    readonly double? Latency = null;

    Target Predict => _ => _
        .Description("Prints the cost model's ms/step, scaling efficiency and container overhead " +
            "per mode, with bands, for --run at --nodes (see README 'The cost model').")
        .Executes(() =>
        {
            try
            {
                var request = PredictRequest.Parse(Nodes, Batch, GradientMb, Bandwidth, Latency);
                Console.WriteLine(AnalysisTargets.Predict(ResultsDirectory, Run, request));
            }
            catch (Exception e) when (e is Runs.RunFormatException or DirectoryNotFoundException or FileNotFoundException or ArgumentException)
            {
                throw new UsageException(e.Message);
            }
        });
}
