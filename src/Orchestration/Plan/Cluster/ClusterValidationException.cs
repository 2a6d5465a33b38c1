using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Cluster;

/// <summary>Thrown with every problem found in a cluster file, before any cluster work starts (the build exits 2).</summary>
public sealed class ClusterValidationException(IReadOnlyList<ValidationError> errors)
    : Exception("The cluster definition is not valid:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
