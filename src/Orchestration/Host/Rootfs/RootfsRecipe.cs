using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

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

    public string Hash
    {
        get
        {
            // Key-ordered JSON, packages sorted: the same recipe always hashes the same (Testcontainers' habit).
            var canonical = JsonSerializer.Serialize(new SortedDictionary<string, object>
            {
                ["formatVersion"] = FormatVersion,
                ["packages"] = Packages.Order(StringComparer.Ordinal).ToArray(),
                ["suite"] = Suite,
                ["user"] = $"{User}:{UserId}",
                ["variant"] = Variant,
            });
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
        }
    }
}
