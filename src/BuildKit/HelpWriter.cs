using Spectre.Console;

namespace Testbed.BuildKit;

internal static class HelpWriter
{
    public static void Write(IAnsiConsole console, TargetGraph graph, IReadOnlyList<Parameter> parameters, object build, string defaultTarget)
    {
        console.MarkupLine("Usage: [bold]./build.sh[/] [[targets...]] [[--parameter value...]] [[--plan]] [[--help]]");
        console.MarkupLine($"Without a target, runs [bold]{Markup.Escape(defaultTarget)}[/]. " +
            $"[grey]--plan[/] prints the targets that would run, in order, and runs nothing.");
        console.WriteLine();

        var targets = new Table().Border(TableBorder.Simple).Title("Targets").AddColumn("Target").AddColumn("Description").AddColumn("Depends on");
        foreach (var target in graph.Targets)
            targets.AddRow(Markup.Escape(target.Name), Markup.Escape(target.DescriptionText), Markup.Escape(string.Join(", ", graph.DependencyNames[target])));
        console.Write(targets);

        var table = new Table().Border(TableBorder.Simple).Title("Parameters")
            .AddColumn("Parameter").AddColumn("Type").AddColumn("Default").AddColumn("Description");
        foreach (var parameter in parameters)
        {
            table.AddRow(
                Markup.Escape(parameter.CommandLineName),
                Markup.Escape(ValueParser.TypeName(parameter.Type)),
                Markup.Escape(ValueParser.Format(parameter.GetValue(build))),
                Markup.Escape(parameter.Description));
        }

        console.Write(table);
        console.MarkupLine("Parameters also come from the environment ([bold]TESTBED_<NAME>[/], " +
            "e.g. TESTBED_REPETITIONS) and from [bold].nuke/parameters.json[/];");
        console.MarkupLine("the command line wins over the environment, which wins over the file. Exit codes: 0 success, 1 a target failed, 2 bad call.");
    }
}
