using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// The image a virtual node runs: the runtime rootfs (so a node's userland is the one workers
/// run on), plus Debian's Docker engine, sshd, socat (the engine tunnel's far end) and tar (file
/// copies). Its tag is the hash of everything below, so a changed recipe builds a new image and
/// the nodes made from the old one are made again.
/// </summary>
public sealed record NodeImage(string BaseTag)
{
    /// <summary>Bump when the way a node is made changes in a way the texts below do not show.</summary>
    public const int FormatVersion = 1;

    public const string Repository = "testbed/node";
    public const string EntryPath = "/usr/local/sbin/testbed-node-entry";

    /// <summary>
    /// trixie's docker.io is Engine 26 without a CLI (that is docker-cli; nothing here needs it);
    /// tini reaps what sshd sessions leave behind, as PID 1; iproute2 and procps are for looking inside.
    /// </summary>
    public static IReadOnlyList<string> Packages { get; } = ["docker.io", "iptables", "iproute2", "openssh-server", "procps", "socat", "tar", "tini"];

    public string Dockerfile => string.Join('\n',
        $"FROM {BaseTag}",
        // The base's apt lists were removed to keep it small: fetch them, install, remove them again.
        // openssh-server's postinst makes host keys: removed, every node gets the pipeline's own.
        "RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends " + string.Join(' ', Packages) +
        " && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /etc/ssh/ssh_host_*",
        $"COPY testbed-node-entry {EntryPath}",
        "COPY sshd-testbed.conf /etc/ssh/sshd_config.d/testbed.conf",
        $"ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"{EntryPath}\"]",
        "");

    /// <summary>
    /// What makes a container able to run a Docker engine, as a machine's boot would: a fresh /run
    /// (no stale pid files after a restart), /sys read-write, and new cgroup hierarchies mounted
    /// exactly as the kernel groups its controllers (read from /proc/self/cgroup: cpu and cpuacct
    /// are separate hierarchies on some kernels and one on others, and a wrong combined mount makes
    /// the nested engine fail every container). With cgroupns private those hierarchies are rooted
    /// at the container's own cgroup, so its CPU quota and memory limit bound everything in it.
    /// Shared with the tests' plain hosts, which get their engine from the pipeline.
    /// </summary>
    public static string MachineSetup { get; } = """
        mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /run
        mount -o remount,rw /sys

        if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
          # cgroup v2 (unified): move ourselves out of the root so controllers can be delegated (as docker:dind does).
          mount -o remount,rw /sys/fs/cgroup
          mkdir -p /sys/fs/cgroup/init
          xargs -rn1 < /sys/fs/cgroup/cgroup.procs > /sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
          sed -e 's/ / +/g' -e 's/^/+/' < /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control
        else
          # cgroup v1: one hierarchy per line of /proc/self/cgroup, each mounted alone with exactly its controllers.
          mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
          while IFS=: read -r _ controllers _; do
            [ -n "$controllers" ] || continue
            case "$controllers" in
              name=*) directory=${controllers#name=}; options="none,$controllers" ;;
              *) directory=$controllers; options=$controllers ;;
            esac
            mkdir -p "/sys/fs/cgroup/$directory"
            mount -t cgroup -o "$options" cgroup "/sys/fs/cgroup/$directory"
            # A combined hierarchy (cpu,cpuacct) is also reachable by each controller's name.
            for controller in $(echo "$directory" | tr ',' ' '); do
              [ "$controller" = "$directory" ] || ln -sfn "$directory" "/sys/fs/cgroup/$controller"
            done
          done < /proc/self/cgroup
        fi


        """.Replace("\r", "", StringComparison.Ordinal);

    /// <summary>
    /// PID 1's script (under tini). A container cannot run an engine as it comes: /sys is read-only
    /// and /sys/fs/cgroup holds read-only views of the container's own cgroups, so first
    /// <see cref="MachineSetup"/>, then sshd, then the engine as the container's main process, on
    /// its Unix socket only.
    /// </summary>
    public static string EntryScript { get; } = """
        #!/bin/sh
        # PID 1 (under tini) of a Testbed virtual node: prepare what a Docker engine needs, start sshd, exec dockerd.
        set -eu


        """.Replace("\r", "", StringComparison.Ordinal) + MachineSetup + """
        mkdir -p /run/sshd /var/lib/testbed
        /usr/sbin/sshd

        # Services use the images loaded into this engine; there is no registry to resolve them against.
        export DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1
        # --tls=false: dockerd 26 otherwise waits about 15 s at start to warn about plain TCP (there is none).
        exec dockerd --host unix:///var/run/docker.sock --tls=false --log-level warn

        """.Replace("\r", "", StringComparison.Ordinal);

    /// <summary>
    /// Key-only root login with the pipeline's key, the pipeline's host key only. MaxSessions is
    /// raised although the shell never uses more than 8 channels a connection: headroom, not a need.
    /// </summary>
    public static string SshdConfig { get; } = string.Join('\n',
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "HostKey /etc/ssh/ssh_host_ed25519_key",
        "UseDNS no",
        "MaxSessions 64",
        "");

    public string Hash
    {
        get
        {
            var canonical = string.Join("\n---\n", $"format {FormatVersion}", Dockerfile, EntryScript, SshdConfig);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
        }
    }

    public string Tag => $"{Repository}:{Hash}";

    /// <summary>The build context: the Dockerfile and the two files it copies, the entry script executable.</summary>
    public async Task<MemoryStream> BuildContextAsync(CancellationToken cancellation)
    {
        var stream = new MemoryStream();
        await using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var files = new[] { ("Dockerfile", Dockerfile, 420), ("testbed-node-entry", EntryScript, 493), ("sshd-testbed.conf", SshdConfig, 420) };
            foreach (var (name, text, mode) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = (UnixFileMode)mode,
                };
                await tar.WriteEntryAsync(entry, cancellation);
            }
        }
        stream.Position = 0;
        return stream;
    }
}
