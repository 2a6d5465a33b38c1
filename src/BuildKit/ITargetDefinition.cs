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

    /// <summary>
    /// Starts once its dependencies are done and runs beside the targets after it: for long work
    /// that mostly waits (downloads, package installs). A target that depends on it waits for it, and
    /// so does the end of the build; a failure in the foreground stops it. Its output is held and
    /// printed whole when it ends, so its lines never land among another target's. Alone, or when the
    /// next target needs it at once, it simply runs in turn.
    /// </summary>
    ITargetDefinition InBackground();

    /// <summary>
    /// A check of this target's inputs (NUKE's Requires), run for every planned target before the
    /// first one executes: a bad value stops the build with exit 2 before any expensive work.
    /// Throw <see cref="UsageException"/> naming the input, the value and what is expected.
    /// </summary>
    ITargetDefinition Requires(Action check);

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);
}
