using Testbed.Orchestration.Cleanup;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>How node failures reach the person: the message and an exit code, never a stack trace.</summary>
[Trait("Tier", "Unit")]
public sealed class NodeFailureTests
{
    [Fact]
    public void Refused_keys_and_host_keys_are_bad_input_an_unreachable_node_a_failed_target_also_when_wrapped()
    {
        var unreachable = new NodeUnreachableException("node-2 (me@10.0.0.2:22) did not accept an SSH connection within 60 s");
        Assert.Equal(new NodeFailure(unreachable.Message, BadInput: false), NodeFailure.Of(unreachable));
        Assert.Equal(new NodeFailure("key refused", BadInput: true), NodeFailure.Of(new NodeUnreachableException("key refused", refused: true)));
        Assert.Equal(new NodeFailure("unknown host key", BadInput: true), NodeFailure.Of(new HostKeyRejectedException("unknown host key")));
        Assert.Equal(unreachable.Message, NodeFailure.Of(new AggregateException(new InvalidOperationException("other"), unreachable))?.Message);
        Assert.Equal(unreachable.Message, NodeFailure.Of(new InvalidOperationException("wrapped", unreachable))?.Message);
        Assert.Null(NodeFailure.Of(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_sweep_says_what_it_removed_node_by_node_and_nothing_when_there_was_nothing()
    {
        Assert.Equal("node-2: swept 1 worker process, 1 cgroup, 1 token", new NodeSweepResult("node-2", 1, 0, 1, 1, 0, 0, 0, []).ToString());
        Assert.Equal("node-1: swept 2 watch loops, 3 run folders (collected first), 1 probe server; runs/x was not collected",
            new NodeSweepResult("node-1", 0, 2, 0, 0, 0, 3, 1, ["runs/x was not collected"]).ToString());
        Assert.Equal("node-3: nothing left from earlier runs", new NodeSweepResult("node-3", 0, 0, 0, 0, 0, 0, 0, []).ToString());
    }

    [Fact]
    public void Copies_have_deadlines_scaled_to_their_bytes()
    {
        var options = NodeShellOptions.Default;
        Assert.Equal(options.CopyBaseTimeout, options.CopyTimeout(0));
        Assert.Equal(options.CopyBaseTimeout + TimeSpan.FromSeconds(290), options.CopyTimeout(580L << 20)); // the trainer at 2 MB/s
    }
}
