using System.Reflection;

namespace Testbed.BuildKit;

/// <summary>
/// The targets of a build object, read from its <see cref="Target"/> properties, with their
/// dependencies resolved by name. A target is identified by the method behind its lambda: a
/// property getter returns a new delegate on every call, but always over the same method.
/// </summary>
internal sealed class TargetGraph
{
    private readonly Dictionary<string, TargetDefinition> _byName;

    private TargetGraph(IReadOnlyList<TargetDefinition> targets, Dictionary<TargetDefinition, string[]> dependencies, Dictionary<TargetDefinition,
        string[]> predecessors)
    {
        Targets = targets;
        _byName = targets.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        DependencyNames = dependencies;
        PredecessorNames = predecessors;
        RejectCycles();
    }

    /// <summary>All targets, in declaration order.</summary>
    public IReadOnlyList<TargetDefinition> Targets { get; }

    public IReadOnlyDictionary<TargetDefinition, string[]> DependencyNames { get; }

    private IReadOnlyDictionary<TargetDefinition, string[]> PredecessorNames { get; }

    public static TargetGraph From(object build)
    {
        var properties = build.GetType()
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Target))
            .OrderBy(p => p.MetadataToken)
            .ToList();

        var names = new Dictionary<MethodInfo, string>();
        var definitions = new List<(TargetDefinition Definition, Target Target)>();
        foreach (var property in properties)
        {
            var target = (Target)property.GetValue(build)!;
            names[target.Method] = property.Name;
            definitions.Add((new TargetDefinition(property.Name), target));
        }

        var dependencies = new Dictionary<TargetDefinition, string[]>();
        var predecessors = new Dictionary<TargetDefinition, string[]>();
        foreach (var (definition, target) in definitions)
        {
            target(definition);
            dependencies[definition] = definition.Dependencies.Select(d => NameOf(d, definition, names)).ToArray();
            definition.DependencyNames = dependencies[definition];
            predecessors[definition] = definition.Predecessors.Select(d => NameOf(d, definition, names)).ToArray();
        }

        return new TargetGraph(definitions.Select(d => d.Definition).ToList(), dependencies, predecessors);
    }

    private static string NameOf(Target reference, TargetDefinition owner, Dictionary<MethodInfo, string> names) =>
        names.TryGetValue(reference.Method, out var name)
            ? name
            : throw new UsageException($"Target '{owner.Name}' refers to a target that is not a property of the build; declare it as 'Target X => _ => _...'.");

    /// <summary>
    /// The targets to run for a request, dependencies first, each once. Requested targets keep
    /// their order where the graph allows it; <c>After</c> orders without pulling targets in.
    /// </summary>
    public IReadOnlyList<TargetDefinition> Plan(IReadOnlyList<string> requested)
    {
        var roots = requested.Select(Find).ToList();

        var closure = new HashSet<TargetDefinition>();
        void Collect(TargetDefinition target)
        {
            if (!closure.Add(target)) return;
            foreach (var dependency in DependencyNames[target]) Collect(_byName[dependency]);
        }
        roots.ForEach(Collect);

        var ordered = new List<TargetDefinition>();
        var done = new HashSet<TargetDefinition>();
        void Visit(TargetDefinition target)
        {
            if (!done.Add(target)) return;
            foreach (var before in EdgesOf(target).Where(closure.Contains)) Visit(before);
            ordered.Add(target);
        }
        roots.ForEach(Visit);
        return ordered;
    }

    public TargetDefinition Find(string name) =>
        _byName.TryGetValue(name, out var target)
            ? target
            : throw new UsageException($"Unknown target '{name}'. Valid targets: " +
                $"{string.Join(", ", Targets.Select(t => t.Name))}. Run ./build.sh --help for what each does.");

    private IEnumerable<TargetDefinition> EdgesOf(TargetDefinition target) =>
        DependencyNames[target].Concat(PredecessorNames[target]).Select(n => _byName[n]);

    private void RejectCycles()
    {
        var state = new Dictionary<TargetDefinition, bool>(); // false: on the stack, true: finished
        var stack = new List<TargetDefinition>();
        void Visit(TargetDefinition target)
        {
            if (state.TryGetValue(target, out var finished))
            {
                if (finished) return;
                var cycle = stack.Skip(stack.IndexOf(target)).Append(target).Select(t => t.Name);
                throw new UsageException($"The build's targets form a cycle: {string.Join(" -> ", cycle)}. Remove one of these DependsOn/After links.");
            }
            state[target] = false;
            stack.Add(target);
            foreach (var next in EdgesOf(target)) Visit(next);
            stack.RemoveAt(stack.Count - 1);
            state[target] = true;
        }
        foreach (var target in Targets) Visit(target);
    }
}
