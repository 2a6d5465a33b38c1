using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Orchestration.Rootfs;

/// <summary>
/// What the runtime root filesystem is made of. It is the only userland TorchSharp code runs on
/// (the host's glibc is too old), in containers and natively, so both modes share the same bits.
/// Its identity is the hash of this recipe: change a package and a new rootfs is built.
/// </summary>
public sealed record RootfsRecipe(string Suite, string Variant, IReadOnlyList<string> Packages, string User, int UserId)
{
    /// <summary>Bump when the way a rootfs is made changes, so old caches are not reused.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Debian 13 (glibc 2.41, libstdc++ from GCC 14: what libtorch 2.10 needs), minbase, plus the
    /// data set, TLS roots, ps/top for monitoring and iperf3 to measure the raw network path.
    /// </summary>
    public static RootfsRecipe Default { get; } = new(
        Suite: "trixie",
        Variant: "minbase",
        Packages: ["ca-certificates", "dataset-fashion-mnist", "iperf3", "procps"],
        User: "testbed",
        UserId: 10001);

    /// <summary>
    /// The runtime of foreign PyTorch trainers (issue 25): the same Debian 13 minbase, user and data
    /// set, plus Debian's python3-torch (PyTorch 2.6 with gloo, CPU only; numpy comes with it, named so
    /// the example's needs are explicit) and libopenblas0, which libtorch recommends and debootstrap
    /// (no Recommends) would leave out: without it libtorch's matrix products run on the reference
    /// BLAS, about 5 times slower (Linear(21632, 128) forward of a batch of 64: 100 ms on one thread).
    /// A rootfs of its own, so the TorchSharp rootfs stays lean. No pip: everything from the mirror.
    /// What a worker never reads is pruned: it is copied to every node and loaded into every engine.
    /// </summary>
    public static RootfsRecipe PyTorch { get; } = new(
        Suite: "trixie",
        Variant: "minbase",
        Packages: ["dataset-fashion-mnist", "libopenblas0", "procps", "python3-numpy", "python3-torch"],
        User: "testbed",
        UserId: 10001)
    {
        ExpectedBuildTime = "several minutes: python3-torch and its dependencies are a large download",
        // 1.3 GB before, of which the documentation, manuals, translations and libtorch's own test
        // programs (libtorch-test, a dependency of python3-torch) were about 190 MB.
        Prune = ["usr/share/doc", "usr/share/info", "usr/share/locale", "usr/share/man", "usr/lib/libtorch-test"],
    };

    /// <summary>The recipe of a runtime by the name experiment files use (Plan's Runtimes: torchsharp, pytorch).</summary>
    public static RootfsRecipe OfRuntime(string name) => name switch
    {
        "torchsharp" => Default,
        "pytorch" => PyTorch,
        _ => throw new ArgumentException($"No runtime rootfs is named '{name}'; expected torchsharp or pytorch.", nameof(name)),
    };

    /// <summary>
    /// Folders (relative to the root) removed once the packages are in: what nothing at run time
    /// reads. Part of the identity when there are any, so a recipe without them keeps its hash.
    /// </summary>
    public IReadOnlyList<string> Prune { get; init; } = [];

    /// <summary>What the progress line promises for a build from nothing; not part of the recipe's identity.</summary>
    [JsonIgnore]
    public string ExpectedBuildTime { get; init; } = "about a minute";

    public string Hash
    {
        get
        {
            // Key-ordered JSON, packages sorted: the same recipe always hashes the same (Testcontainers' habit).
            var fields = new SortedDictionary<string, object>
            {
                ["formatVersion"] = FormatVersion,
                ["packages"] = Packages.Order(StringComparer.Ordinal).ToArray(),
                ["suite"] = Suite,
                ["user"] = $"{User}:{UserId}",
                ["variant"] = Variant,
            };
            if (Prune.Count > 0) fields["prune"] = Prune.Order(StringComparer.Ordinal).ToArray();
            var canonical = JsonSerializer.Serialize(fields);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
        }
    }
}
