using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

/// <summary>
/// A user that logs in with the pipeline's key and reaches root only through <c>sudo -n</c>, made
/// on a virtual node for the sudo path of real hosts. The node image has no sudo package, so a
/// stand-in does sudo's part: a setuid-root copy of setpriv that becomes root entirely and runs
/// the command, as sudo does; what the node layer must get right (its processes belong to root,
/// not to the login user) is the same.
/// </summary>
internal static class SudoUser
{
    public const string Name = "tbnsudo";

    public static async Task EnsureAsync(NodeShell root)
    {
        var key = File.ReadAllText(root.Target.KeyFile + ".pub").Trim();
        await root.RunAsync(string.Join('\n',
            $"id {Name} >/dev/null 2>&1 || useradd -m -s /bin/sh {Name}",
            $"mkdir -p /home/{Name}/.ssh && echo {ShellQuote.Quote(key)} > /home/{Name}/.ssh/authorized_keys",
            $"chown -R {Name}:{Name} /home/{Name}/.ssh && chmod 700 /home/{Name}/.ssh && chmod 600 /home/{Name}/.ssh/authorized_keys",
            "cp /usr/bin/setpriv /usr/local/sbin/tbn-setpriv && chmod 4755 /usr/local/sbin/tbn-setpriv",
            "printf '%s\\n' '#!/bin/sh' '[ \"$1\" = -n ] && shift' 'exec /usr/local/sbin/tbn-setpriv " +
                "--reuid=0 --regid=0 --clear-groups \"$@\"' > /usr/local/bin/sudo",
            "chmod 755 /usr/local/bin/sudo"), TimeSpan.FromSeconds(60));
    }
}
