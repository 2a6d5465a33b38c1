using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Tests.Recovery;

[Trait("Tier", "Unit")]
public sealed class RestartPolicyTests
{
    private static readonly CheckpointCandidate Epoch3 = new("checkpoint-epoch-003.tbckpt", 3, null);
    private static readonly CheckpointCandidate Epoch2 = new("checkpoint-epoch-002.tbckpt", 2, null);

    [Fact]
    public void A_budget_of_0_stops_at_the_first_failure()
    {
        var decision = RestartPolicy.Decide(0, [new FailedAttempt(0, 1, 137, 30, 2)], [Epoch2]);

        Assert.Equal("no restart allowed (maxRestarts 0)", Assert.IsType<RestartDecision.Stop>(decision).Reason);
    }

    [Fact]
    public void Within_the_budget_it_restarts_from_the_newest_checkpoint()
    {
        var decision = Assert.IsType<RestartDecision.Restart>(RestartPolicy.Decide(2, [new FailedAttempt(0, 1, 137, 30, 3)], [Epoch3, Epoch2]));

        Assert.Equal(Epoch3, decision.From);
        Assert.Empty(decision.Skipped);
    }

    [Fact]
    public void A_spent_budget_stops_and_says_so()
    {
        FailedAttempt[] failures = [new(0, 1, 137, 30, 2), new(1, 2, 137, 50, 3)];

        var decision = RestartPolicy.Decide(1, failures, [Epoch3]);

        Assert.Equal("restart budget spent (1 restart)", Assert.IsType<RestartDecision.Stop>(decision).Reason);
    }

    [Fact]
    public void A_damaged_newest_checkpoint_is_passed_over_for_the_one_before_and_named()
    {
        var broken = new CheckpointCandidate("checkpoint-epoch-003.tbckpt", 3, "incomplete: 12 bytes where its header promises 400");

        var decision = Assert.IsType<RestartDecision.Restart>(RestartPolicy.Decide(1, [new FailedAttempt(0, 0, 1, null, 3)], [broken, Epoch2]));

        Assert.Equal(Epoch2, decision.From);
        Assert.Equal(["checkpoint-epoch-003.tbckpt: incomplete: 12 bytes where its header promises 400"], decision.Skipped);
    }

    [Fact]
    public void Without_an_intact_checkpoint_it_restarts_from_scratch()
    {
        var broken = new CheckpointCandidate("checkpoint-epoch-001.tbckpt", 1, "corrupt");

        var decision = Assert.IsType<RestartDecision.Restart>(RestartPolicy.Decide(1, [new FailedAttempt(0, 0, 137, 3, 0)], [broken]));

        Assert.Null(decision.From);
        Assert.Single(decision.Skipped);
    }

    [Fact]
    public void The_same_worker_failing_at_the_same_step_twice_is_a_deterministic_crash_and_stops_with_budget_left()
    {
        FailedAttempt[] failures = [new(0, 1, 134, 40, 3), new(1, 1, 134, 40, 3)];

        var decision = RestartPolicy.Decide(10, failures, [Epoch3]);

        var reason = Assert.IsType<RestartDecision.Stop>(decision).Reason;
        Assert.Contains("rank 1 failed again at step 40 with exit code 134 (attempts 0 and 1)", reason);
        Assert.Contains("deterministic", reason);
    }

    [Fact]
    public void Without_a_known_step_the_same_epoch_counts_as_the_same_place()
    {
        FailedAttempt[] failures = [new(0, 2, 1, null, 3), new(1, 2, 1, null, 3)];

        Assert.Contains("after epoch 3", Assert.IsType<RestartDecision.Stop>(RestartPolicy.Decide(5, failures, [Epoch3])).Reason);
    }

    [Theory]
    [InlineData(2, 134, 40)]
    [InlineData(1, 137, 40)]
    [InlineData(1, 134, 41)]
    public void A_failure_elsewhere_restarts_again(int rank, int exitCode, int step)
    {
        FailedAttempt[] failures = [new(0, 1, 134, 40, 3), new(1, rank, exitCode, step, 3)];

        Assert.IsType<RestartDecision.Restart>(RestartPolicy.Decide(5, failures, [Epoch3]));
    }
}
