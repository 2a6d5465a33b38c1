using System.Formats.Tar;
using Testbed.Orchestration.Cluster;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Tests.Cluster;

[Trait("Tier", "Unit")]
public sealed class NodeImageTests
{
    private static readonly NodeImage Image = new("testbed/base:853737108942");

    [Fact]
    public void The_node_image_is_the_runtime_rootfs_plus_the_engine_sshd_socat_and_tar()
    {
        Assert.StartsWith("FROM testbed/base:853737108942\n", Image.Dockerfile);
        foreach (var package in new[] { "docker.io", "iptables", "openssh-server", "socat", "tar", "tini" })
            Assert.Contains(package, Image.Dockerfile.Split('\n')[1]);
        Assert.Contains("--no-install-recommends", Image.Dockerfile);
        Assert.Contains("rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /etc/ssh/ssh_host_*", Image.Dockerfile);
        Assert.Contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/usr/local/sbin/testbed-node-entry\"]", Image.Dockerfile);
        Assert.Equal($"testbed/node:{Image.Hash}", Image.Tag);
        Assert.NotEqual(Image.Hash, new NodeImage("testbed/base:000000000000").Hash);
    }

    [Fact]
    public void The_entry_script_mounts_each_cgroup_hierarchy_as_the_kernel_groups_it_then_starts_sshd_and_execs_dockerd()
    {
        var script = NodeImage.EntryScript;
        Assert.StartsWith("#!/bin/sh\n", script);
        Assert.Contains("mount -o remount,rw /sys", script);
        // Hierarchies come from /proc/self/cgroup, never a hard-coded (and here wrong) cpu,cpuacct.
        Assert.Contains("done < /proc/self/cgroup", script);
        Assert.Contains("mount -t cgroup -o \"$options\" cgroup \"/sys/fs/cgroup/$directory\"", script);
        Assert.DoesNotContain("-o cpu,cpuacct", script);
        Assert.True(script.IndexOf("\n/usr/sbin/sshd", StringComparison.Ordinal) < script.IndexOf("\nexec dockerd", StringComparison.Ordinal),
            "sshd starts before the engine takes over");
        var dockerd = script.Split('\n').Single(l => l.StartsWith("exec dockerd", StringComparison.Ordinal));
        Assert.Contains("--host unix:///var/run/docker.sock", dockerd);
        Assert.Contains("--tls=false", dockerd);
        Assert.DoesNotContain("tcp://", script); // the engine is reached through SSH only
        Assert.Contains("export DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1", script);
    }

    [Fact]
    public async Task The_entry_script_is_valid_posix_sh()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, NodeImage.EntryScript);
            var result = await ProcessRunner.RunAsync("sh", ["-n", file], TimeSpan.FromSeconds(10), check: false);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_build_context_holds_the_dockerfile_an_executable_entry_script_and_the_sshd_settings()
    {
        await using var context = await Image.BuildContextAsync(CancellationToken.None);
        var entries = new Dictionary<string, TarEntry>();
        await using (var reader = new TarReader(context))
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry) entries[entry.Name] = entry;

        Assert.Equal(["Dockerfile", "sshd-testbed.conf", "testbed-node-entry"], entries.Keys.Order());
        Assert.True(entries["testbed-node-entry"].Mode.HasFlag(UnixFileMode.UserExecute));
        var sshd = new StreamReader(entries["sshd-testbed.conf"].DataStream!).ReadToEnd();
        Assert.Contains("PasswordAuthentication no", sshd);
        Assert.Contains("PermitRootLogin prohibit-password", sshd);
    }
}
