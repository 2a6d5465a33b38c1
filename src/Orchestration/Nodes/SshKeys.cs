using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The pipeline's own SSH keys for virtual nodes, made once with ssh-keygen (ed25519) under the
/// cache folder: the client key the pipeline logs in with (authorised for root in every node) and
/// the host key every node presents (pinned: nothing else is accepted at a node's address).
/// </summary>
public sealed record SshKeys(string Directory)
{
    public string ClientKey => Path.Combine(Directory, "id_ed25519");
    public string ClientPublicKey => ClientKey + ".pub";
    public string HostKey => Path.Combine(Directory, "ssh_host_ed25519_key");
    public string HostPublicKey => HostKey + ".pub";

    /// <summary>Identifies the pair in a node's recipe: new keys, new node containers.</summary>
    public string Fingerprint => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        NodeShell.PublicKeyBlob(ClientPublicKey).Concat(NodeShell.PublicKeyBlob(HostPublicKey)).ToArray()))[..12];

    public static async Task<SshKeys> EnsureAsync(string directory, CancellationToken cancellation)
    {
        var keys = new SshKeys(directory);
        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var (key, comment) in new[] { (keys.ClientKey, "testbed-pipeline"), (keys.HostKey, "testbed-virtual-node") })
        {
            if (File.Exists(key) && File.Exists(key + ".pub")) continue;
            File.Delete(key);
            File.Delete(key + ".pub");
            if (ProcessRunner.Which("ssh-keygen") is null)
            {
                throw new ProcessFailedException("ssh-keygen is not installed; virtual nodes need it once to make their keys. " +
                    "Install openssh-client (apt-get install openssh-client), then run again.");
            }
            await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key], TimeSpan.FromSeconds(30), cancellation);
        }
        return keys;
    }
}
