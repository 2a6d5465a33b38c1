namespace Testbed.BuildKit;

/// <summary>The fluent surface a target property uses to describe itself (a subset of NUKE's).</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    /// <summary>Targets that must run (once) before this one whenever this one runs.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Orders this target after others when both are planned, without pulling them in.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Runs even when a target before it failed (NUKE's AssuredAfterFailure): reports, clean-up.</summary>
    ITargetDefinition AssuredAfterFailure();

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);
}
