namespace Testbed.Orchestration.Tests.Architecture;

/// <summary>
/// The layer diagram of src/Orchestration (its README draws it): a layer may use only layers of a
/// lower rank; two layers of one rank know nothing of each other.
/// </summary>
public static class Layers
{
    public static readonly IReadOnlyDictionary<string, int> Rank = new Dictionary<string, int>
    {
        ["Testbed.Orchestration.Core"] = 0,
        ["Testbed.Orchestration.Docker"] = 1,
        ["Testbed.Orchestration.Plan"] = 1,
        ["Testbed.Orchestration.Host"] = 2,
        ["Testbed.Orchestration.Remote"] = 2,
        ["Testbed.Orchestration.Nodes"] = 3,
        ["Testbed.Orchestration.Modes"] = 4,
        ["Testbed.Orchestration.Runner"] = 5,
        ["Testbed.Orchestration.Console"] = 6,
    };

    /// <summary>Third-party libraries that belong to one place only: (assembly name, the projects allowed to use it).</summary>
    public static readonly IReadOnlyList<(string Library, string[] Allowed)> Confined =
    [
        ("Docker.DotNet", ["Testbed.Orchestration.Docker"]),
        ("Spectre.Console", ["Testbed.Orchestration.Console"]),
        ("TorchSharp", []),
        ("Testbed.Trainer", []),
        ("Testbed.Analysis", []),
    ];

    /// <summary>
    /// The one namespace of each layer the build project may name (README.md: "front doors"): Core's
    /// root namespace, the Host and Runner doors, and the console's Progress. Docker, Plan, Remote,
    /// Nodes and Modes have none: build/ reaches them only through the doors above them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FrontDoors = new Dictionary<string, string>
    {
        ["Testbed.Orchestration"] = "Testbed.Orchestration.Core",
        ["Testbed.Orchestration.Host"] = "Testbed.Orchestration.Host",
        ["Testbed.Orchestration.Runner"] = "Testbed.Orchestration.Runner",
        ["Testbed.Orchestration.Progress"] = "Testbed.Orchestration.Console",
    };
}
