using Testbed.Orchestration.Provisioning;

namespace Testbed.Orchestration.Tests.Provisioning;

/// <summary>Whether the build may install packages with apt: read from os-release, a derivative included, anything else said by name.</summary>
[Trait("Tier", "Unit")]
public sealed class HostFactsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("testbed-os-release-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IReadOnlyDictionary<string, string> Read(string text)
    {
        var path = Path.Combine(_directory, "os-release");
        File.WriteAllText(path, text);
        return HostFacts.OsRelease(path);
    }

    [Theory]
    [InlineData("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n", true)]
    [InlineData("ID=ubuntu\n", true)]
    [InlineData("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n", true)]
    [InlineData("ID=fedora\nID_LIKE=\"rhel centos\"\n", false)]
    [InlineData("", false)]
    public void Apt_is_used_on_debian_ubuntu_and_their_derivatives_only(string osRelease, bool debianLike) =>
        Assert.Equal(debianLike, HostFacts.IsDebianLike(Read(osRelease)));

    [Fact]
    public void The_host_is_named_by_its_pretty_name_quotes_removed_or_said_unknown()
    {
        Assert.Equal("Debian GNU/Linux 13 (trixie)", HostFacts.Describe(Read("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n")));
        Assert.Equal("an unknown Linux", HostFacts.Describe(HostFacts.OsRelease(Path.Combine(_directory, "missing"))));
    }
}
