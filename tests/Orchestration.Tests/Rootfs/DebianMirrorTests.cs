using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests.Rootfs;

/// <summary>The mirror is asked before debootstrap starts: a bad one is one sentence naming it and the parameter.</summary>
[Trait("Tier", "Unit")]
public sealed class DebianMirrorTests : IDisposable
{
    private readonly string _mirror = Directory.CreateTempSubdirectory("mirror-").FullName;

    public void Dispose() => Directory.Delete(_mirror, recursive: true);

    [Fact]
    public async Task A_local_mirror_without_the_suite_is_refused_naming_the_mirror_and_the_parameter()
    {
        var error = await Assert.ThrowsAsync<MirrorUnreachableException>(() =>
            DebianMirror.CheckAsync($"file://{_mirror}", "trixie", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Contains(_mirror, error.Message);
        Assert.Contains("trixie", error.Message);
        Assert.Contains("--debian-mirror", error.Message);
    }

    [Fact]
    public async Task A_local_mirror_holding_the_suite_passes()
    {
        Directory.CreateDirectory(Path.Combine(_mirror, "dists", "trixie"));
        await File.WriteAllTextAsync(Path.Combine(_mirror, "dists", "trixie", "Release"), "Suite: trixie\n");
        await DebianMirror.CheckAsync($"file://{_mirror}", "trixie", TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    [Fact]
    public async Task A_value_that_is_no_url_is_refused()
    {
        var error = await Assert.ThrowsAsync<MirrorUnreachableException>(() =>
            DebianMirror.CheckAsync("deb.debian.org debian", "trixie", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Contains("'deb.debian.org debian' is not a URL", error.Message);
    }
}
