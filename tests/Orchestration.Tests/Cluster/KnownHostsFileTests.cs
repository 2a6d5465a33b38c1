using System.Security.Cryptography;
using System.Text;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

[Trait("Tier", "Unit")]
public sealed class KnownHostsFileTests : IDisposable
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(51);
    private static readonly byte[] Other = RandomNumberGenerator.GetBytes(51);
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private KnownHostVerdict Check(string host, int port = 22, byte[]? key = null) =>
        KnownHostsFile.Check([_file, "/nonexistent/known_hosts"], host, port, "ssh-ed25519", key ?? Key);

    private static string Hashed(string name)
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        return $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name)))}";
    }

    [Fact]
    public void A_plain_entry_matches_its_host_and_key_only()
    {
        File.WriteAllText(_file, "# comment\n" + KnownHostsFile.Line("10.0.0.1", 22, "ssh-ed25519", Key) + "\n");
        Assert.Equal(KnownHostVerdict.Known, Check("10.0.0.1"));
        Assert.Equal(KnownHostVerdict.Unknown, Check("10.0.0.2"));
        Assert.Equal(KnownHostVerdict.Unknown, Check("10.0.0.1", port: 2222));
        Assert.Equal(KnownHostVerdict.Changed, Check("10.0.0.1", key: Other));
    }

    [Fact]
    public void Ports_other_than_22_are_written_in_brackets()
    {
        var line = KnownHostsFile.Line("vm1", 2222, "ssh-ed25519", Key);
        Assert.StartsWith("[vm1]:2222 ssh-ed25519 ", line);
        File.WriteAllText(_file, line);
        Assert.Equal(KnownHostVerdict.Known, Check("vm1", port: 2222));
        Assert.Equal(KnownHostVerdict.Unknown, Check("vm1"));
    }

    [Fact]
    public void Hashed_names_wildcards_negations_and_revocations_are_understood()
    {
        File.WriteAllLines(_file, [
            $"{Hashed("vm1")} ssh-ed25519 {Convert.ToBase64String(Key)}",
            $"*.lab,!bad.lab ssh-ed25519 {Convert.ToBase64String(Key)}",
            $"@revoked old ssh-ed25519 {Convert.ToBase64String(Other)}",
            $"@cert-authority * ssh-ed25519 {Convert.ToBase64String(Other)}",
        ]);
        Assert.Equal(KnownHostVerdict.Known, Check("vm1"));
        Assert.Equal(KnownHostVerdict.Known, Check("node.lab"));
        Assert.Equal(KnownHostVerdict.Unknown, Check("bad.lab"));
        Assert.Equal(KnownHostVerdict.Revoked, Check("old", key: Other));
        Assert.Equal(KnownHostVerdict.Unknown, Check("anything", key: Other)); // a CA line is no host key
    }

    [Fact]
    public void Shell_quoting_survives_single_quotes()
    {
        Assert.Equal("'it'\\''s' '$HOME'", ShellQuote.Join(["it's", "$HOME"]));
    }
}
