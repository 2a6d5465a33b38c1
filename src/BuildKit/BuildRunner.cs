using Spectre.Console;

namespace Testbed.BuildKit;

/// <summary>Reads the call, binds parameters, then shows help, prints a plan or runs the targets.</summary>
internal static class BuildRunner
{
    public static async Task<int> RunAsync(BuildBase build, IReadOnlyList<string> args, string defaultTarget, IEnumerable<KeyValuePair<string,
        string?>>? environment)
    {
        var console = build.Console;
        TargetGraph graph;
        IReadOnlyList<Parameter> parameters;
        IReadOnlyList<TargetDefinition> plan;
        CommandLine commandLine;
        try
        {
            graph = TargetGraph.From(build);
            parameters = Parameter.Discover(build);
            var parametersFile = build.RootDirectory / ".nuke" / "parameters.json";
            SchemaWriter.Update(build.RootDirectory / ".nuke" / "build.schema.json", parameters, graph);
            commandLine = CommandLine.Parse(args, parameters);
            if (commandLine.Help)
            {
                // Show the defaults in force (parameters.json and environment included) when they bind.
                try { ParameterBinder.Bind(build, parameters, parametersFile, environment, []); }
                catch (UsageException e) { console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(e.Message)}"); }
                HelpWriter.Write(console, graph, parameters, build, defaultTarget);
                return 0;
            }
            foreach (var warning in ParameterBinder.Bind(build, parameters, parametersFile, environment, commandLine.ParameterArguments))
                console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            // Definitions are read again with the parameters bound: a target may depend on others only for some
            // values (Test --tier unit provisions nothing). The schema and help above describe the defaults.
            graph = TargetGraph.From(build);
            plan = graph.Plan(commandLine.Targets.Count > 0 ? commandLine.Targets : [defaultTarget]);
        }
        catch (UsageException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }

        if (commandLine.Plan)
        {
            console.MarkupLine($"Targets that would run, in order ({plan.Count}):");
            for (var i = 0; i < plan.Count; i++)
                console.MarkupLine($"  {i + 1,2}. [bold]{Markup.Escape(plan[i].Name)}[/] [grey]{Markup.Escape(plan[i].DescriptionText)}[/]");
            return 0;
        }

        try
        {
            // Every planned target's inputs are checked before the first one runs.
            foreach (var check in plan.SelectMany(t => t.Requirements)) check();
        }
        catch (UsageException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }

        var executor = new TargetExecutor(console);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = await executor.RunAsync(plan, build.CancellationToken);
        console.WriteLine();
        executor.WriteSummary(outcomes, wall.Elapsed);
        foreach (var line in build.ClosingLines) console.WriteLine(line);
        if (outcomes.Any(o => o.BadInput)) return 2;
        return outcomes.All(o => o.Status == TargetStatus.Succeeded) ? 0 : 1;
    }
}
