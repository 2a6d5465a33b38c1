using Spectre.Console;

namespace Testbed.BuildKit.Tests;

/// <summary>A console that writes plain text to a string, for asserting on what a build printed.</summary>
internal sealed class RecordingConsole
{
    private readonly StringWriter _writer = new();

    public RecordingConsole() =>
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();
}

public enum Flavour { Plain, Fancy }

/// <summary>A diamond: D depends on B and C, both on A; E runs after C when both are planned.</summary>
internal sealed class DiamondBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    [Parameter("How many times.")] public readonly int Repetitions = 5;
    [Parameter("A folder.")] public readonly string CacheDir = "default";
    [Parameter("A switch.")] public readonly bool All = false;
    [Parameter("An enum.")] public readonly Flavour Flavour = Flavour.Plain;
    [Parameter("A list.")] public readonly Flavour[] Flavours = [Flavour.Plain];

    public Target A => _ => _.Description("first").Executes(() => Ran.Add("A"));
    public Target B => _ => _.DependsOn(A).Executes(() => Ran.Add("B"));
    public Target C => _ => _.DependsOn(A).Executes(() => Ran.Add("C"));
    public Target D => _ => _.DependsOn(B, C).Executes(() => Ran.Add("D"));
    public Target E => _ => _.After(C).Executes(() => Ran.Add("E"));
    public Target Fails => _ => _.DependsOn(A).Executes(() => throw new BuildFailedException("the tool said no"));
    public Target AfterFailure => _ => _.DependsOn(Fails).Executes(() => Ran.Add("AfterFailure"));
    public Target Report => _ => _.After(Fails).AssuredAfterFailure().Executes(() => Ran.Add("Report"));
    public Target Closing => _ => _.Executes(() => ClosingLines.Add("Test: 3 passed, 0 failed"));
    /// <summary>Depends on D only when --all is given: the parameters decide the graph, as Test --tier unit provisions nothing.</summary>
    public Target Narrow => _ => _.DependsOn(All ? [D] : [A]).Executes(() => Ran.Add("Narrow"));
}

internal sealed class CyclicBuild : BuildBase
{
    public Target X => _ => _.DependsOn(Y);
    public Target Y => _ => _.DependsOn(Z);
    public Target Z => _ => _.DependsOn(X);
}

/// <summary>The expensive target's own input is bad; its dependency is expensive too.</summary>
internal sealed class RequiringBuild : BuildBase
{
    public List<string> Ran { get; } = [];
    [Parameter("How many worlds.")] public readonly int Worlds = 0;
    public Target Provision => _ => _.Executes(() => Ran.Add("Provision"));
    public Target Bench => _ => _.DependsOn(Provision)
        .Requires(() => { if (Worlds < 1) throw new UsageException($"--worlds is {Worlds}; expected at least 1."); })
        .Executes(() => Ran.Add("Bench"));
}

internal sealed class ValidatingBuild : BuildBase
{
    public bool Ran { get; private set; }
    public Target Validate => _ => _.Executes(() => throw new UsageException("experiments/x.json: workers is 0; expected at least 1."));
    public Target Expensive => _ => _.DependsOn(Validate).Executes(() => Ran = true);
}

/// <summary>
/// Background targets: Slow waits until Quick has run (so it finishes only if Quick did not wait
/// for it), NeedsSlow needs both; Hangs never ends on its own; Broken fails in the background.
/// </summary>
internal sealed class BackgroundBuild : BuildBase
{
    private readonly TaskCompletionSource _quickRan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _ran = [];

    public IReadOnlyList<string> Ran
    {
        get { lock (_ran) return [.. _ran]; }
    }

    private void Add(string name)
    {
        lock (_ran) _ran.Add(name);
    }

    public Target Slow => _ => _.InBackground().Executes(async () =>
    {
        await _quickRan.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken);
        Console.WriteLine("slow: done");
        Add("Slow");
    });

    public Target Quick => _ => _.Executes(() =>
    {
        Console.WriteLine("quick: done");
        Add("Quick");
        _quickRan.TrySetResult();
    });

    public Target NeedsSlow => _ => _.DependsOn(Slow, Quick).Executes(() => Add("NeedsSlow"));
    public Target Hangs => _ => _.InBackground().Executes(() => Task.Delay(Timeout.Infinite, CancellationToken));
    public Target Fails => _ => _.Executes(() => throw new BuildFailedException("the tool said no"));
    public Target HangsThenFails => _ => _.DependsOn(Hangs, Fails).Executes(() => Add("HangsThenFails"));
    public Target Broken => _ => _.InBackground().Executes(() => throw new BuildFailedException("the download broke"));
    public Target NeedsBroken => _ => _.DependsOn(Broken, Quick).Executes(() => Add("NeedsBroken"));
    public Target Alone => _ => _.InBackground().Executes(() => Add(BackgroundFlow.Console is null ? "in turn" : "in the background"));
}
