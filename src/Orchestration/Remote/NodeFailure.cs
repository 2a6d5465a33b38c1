namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The failures of a cluster a person can act on, as the build reports them: the message alone,
/// never a stack trace. A refused key or an untrusted host key is bad input (exit 2: fix the
/// cluster file, authorized_keys or known_hosts); a node that cannot be reached fails the target
/// (exit 1: it may be down, or the network).
/// </summary>
public sealed record NodeFailure(string Message, bool BadInput)
{
    /// <summary>The failure <paramref name="e"/> is (also wrapped, as Task.WhenAll and progress displays do), or null for any other exception.</summary>
    public static NodeFailure? Of(Exception e) => e switch
    {
        HostKeyRejectedException rejected => new NodeFailure(rejected.Message, BadInput: true),
        NodeUnreachableException unreachable => new NodeFailure(unreachable.Message, BadInput: unreachable.Refused),
        AggregateException aggregate => aggregate.InnerExceptions.Select(Of).FirstOrDefault(f => f is not null),
        { InnerException: { } inner } => Of(inner),
        _ => null,
    };
}
