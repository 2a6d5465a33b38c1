namespace Testbed.BuildKit;

internal sealed class TargetDefinition(string name) : ITargetDefinition
{
    public string Name { get; } = name;
    public string DescriptionText { get; private set; } = "";
    public List<Target> Dependencies { get; } = [];
    public List<Target> Predecessors { get; } = [];
    public List<Func<Task>> Actions { get; } = [];
    public List<Action> Requirements { get; } = [];
    public bool Assured { get; private set; }
    public bool Background { get; private set; }

    /// <summary>The names of <see cref="Dependencies"/>, resolved by the graph.</summary>
    public IReadOnlyList<string> DependencyNames { get; set; } = [];

    public bool DependsOnTarget(string name) => DependencyNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    public ITargetDefinition InBackground()
    {
        Background = true;
        return this;
    }

    public ITargetDefinition AssuredAfterFailure()
    {
        Assured = true;
        return this;
    }

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets)
    {
        Dependencies.AddRange(targets);
        return this;
    }

    public ITargetDefinition After(params Target[] targets)
    {
        Predecessors.AddRange(targets);
        return this;
    }

    public ITargetDefinition Requires(Action check)
    {
        Requirements.Add(check);
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(() =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        Actions.Add(action);
        return this;
    }
}
