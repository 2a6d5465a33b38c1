using Mono.Cecil;

namespace Testbed.Tests.Architecture;

/// <summary>
/// Namespaces that depend on each other, read from built assemblies: an edge from a type's namespace to
/// the namespace of every type it uses (<see cref="TypeUses"/>: signatures, attributes and method bodies,
/// so an implicit parent namespace, a fully qualified name or a global using counts as much as a using
/// line). Linked into each test project whose architecture test forbids such cycles.
/// </summary>
public static class NamespaceCycles
{
    /// <summary>
    /// Every cycle among the namespaces <paramref name="ours"/> accepts, as "A -> B -> A" followed by one
    /// use that makes each step, so a failure names the types to move; empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> In(IEnumerable<ModuleDefinition> modules, Func<string, bool> ours)
    {
        var edges = new Dictionary<(string From, string To), string>();
        var uses = modules.SelectMany(TypeUses.Of).SelectMany(u => TypeUses.Expand(u.Used).Select(type => (u.User, Type: type)));
        foreach (var (user, type) in uses)
        {
            var from = user.Namespace;
            var to = TypeUses.NamespaceOf(type);
            if (from != to && ours(from) && ours(to)) edges.TryAdd((from, to), $"{user.FullName} uses {type.FullName}");
        }
        return Cycles(edges.Keys).Select(c => string.Join(" -> ", c.Append(c[0])) + "\n    " +
            string.Join("\n    ", c.Select((n, i) => edges[(n, c[(i + 1) % c.Count])]))).ToList();
    }

    /// <summary>Whether a namespace is <paramref name="root"/> or one below it.</summary>
    public static bool Under(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>Every strongly connected set of more than one namespace, as one cycle through it.</summary>
    public static List<List<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order().ToList());
        var cycles = new List<List<string>>();
        var done = new HashSet<string>();
        foreach (var start in next.Keys.Order())
        {
            // A path back to start through namespaces not yet reported (breadth first: the shortest cycle).
            var previous = new Dictionary<string, string> { [start] = start };
            var queue = new Queue<string>([start]);
            List<string>? cycle = null;
            while (queue.Count > 0 && cycle is null)
            {
                var at = queue.Dequeue();
                foreach (var to in next.GetValueOrDefault(at) ?? [])
                {
                    if (to == start)
                    {
                        cycle = [];
                        for (var n = at; n != start; n = previous[n]) cycle.Insert(0, n);
                        cycle.Insert(0, start);
                        break;
                    }
                    if (!done.Contains(to) && previous.TryAdd(to, at)) queue.Enqueue(to);
                }
            }
            if (cycle is not null) cycles.Add(cycle);
            done.Add(start);
        }
        return cycles;
    }
}
