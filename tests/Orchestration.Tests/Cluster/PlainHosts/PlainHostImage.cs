using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster.PlainHosts;

/// <summary>
/// A "plain host" as a user's VM comes: the runtime rootfs (Debian 13) with sshd, tini as init and
/// a non-root user 'debian' with password-less sudo, and no Docker engine: the pipeline has to
/// install one. Its boot does what a machine's does for an engine (<see cref="NodeImage.MachineSetup"/>:
/// /run, /sys, cgroups), then runs sshd with the host key the test put in.
/// </summary>
internal sealed record PlainHostImage(string BaseTag, string Prefix)
{
    public const string User = "debian";
    public const int UserId = 1000;
    public const string EntryPath = "/usr/local/sbin/plain-host-entry";

    /// <summary>sshd, sudo and an init; docker.io, socat and the rest are the pipeline's to install.</summary>
    public static IReadOnlyList<string> Packages { get; } = ["openssh-server", "sudo", "tini"];

    public string Dockerfile => string.Join('\n',
        $"FROM {BaseTag}",
        "RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends " + string.Join(' ', Packages) +
        " && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /etc/ssh/ssh_host_*" +
        $" && useradd --create-home --uid {UserId} --shell /bin/bash {User}" +
        $" && printf '%s\\n' '{User} ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/testbed && chmod 0440 /etc/sudoers.d/testbed",
        $"COPY plain-host-entry {EntryPath}",
        "COPY sshd-plain-host.conf /etc/ssh/sshd_config.d/plain-host.conf",
        $"ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"{EntryPath}\"]",
        "");

    public static string EntryScript { get; } = """
        #!/bin/sh
        # PID 1 (under tini) of a Testbed test's plain host: what a machine's boot gives an engine, then sshd. No engine: the pipeline installs one.
        set -eu


        """.Replace("\r", "", StringComparison.Ordinal) + NodeImage.MachineSetup + """
        mkdir -p /run/sshd
        exec /usr/sbin/sshd -D -e

        """.Replace("\r", "", StringComparison.Ordinal);

    /// <summary>Key-only logins with the host key the test made; everything else as Debian ships it (MaxSessions 10, PAM).</summary>
    public static string SshdConfig { get; } = string.Join('\n',
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "HostKey /etc/ssh/ssh_host_ed25519_key",
        "UseDNS no",
        "");

    public string Tag
    {
        get
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n---\n", Dockerfile, EntryScript, SshdConfig))))[..12];
            return $"{Prefix}-plain-host:{hash}";
        }
    }

    public async Task<MemoryStream> BuildContextAsync()
    {
        var stream = new MemoryStream();
        await using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text, mode) in new[] { ("Dockerfile", Dockerfile, "644"), ("plain-host-entry", EntryScript, "755"),
                ("sshd-plain-host.conf", SshdConfig, "644") })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = (UnixFileMode)Convert.ToInt32(mode, 8),
                });
            }
        }
        stream.Position = 0;
        return stream;
    }
}
