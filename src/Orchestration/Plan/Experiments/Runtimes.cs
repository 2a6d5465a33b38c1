namespace Testbed.Orchestration.Experiments;

/// <summary>
/// The runtime root filesystems a trainer can run on, by the name experiment files use. Each is a
/// recipe of the Host layer (RootfsRecipe.Default, RootfsRecipe.PyTorch); the names live here so
/// validation needs nothing above Plan.
/// </summary>
public static class Runtimes
{
    /// <summary>Debian 13 minbase with what our TorchSharp trainer needs (and Fashion-MNIST).</summary>
    public const string TorchSharp = "torchsharp";

    /// <summary>Debian 13 minbase with Debian's python3-torch, OpenBLAS and Fashion-MNIST.</summary>
    public const string PyTorch = "pytorch";

    public static IReadOnlyList<string> Known { get; } = [TorchSharp, PyTorch];

    /// <summary>The runtimes the experiments' foreign trainers need (none for ours alone: its rootfs and image are always made).</summary>
    public static IReadOnlyList<string> NeededBy(IEnumerable<Experiment> experiments) =>
        experiments.SelectMany(e => e.Workloads).Where(w => w.Trainer.IsForeign)
            .Select(w => w.Trainer.RuntimeName).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Where the repository's trainers/ folder is inside a foreign trainer's runtime (native and containers alike).</summary>
    public const string TrainersDirectory = "/opt/trainers";
}
