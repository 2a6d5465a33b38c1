using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests.Rootfs;

/// <summary>
/// Runs on the real runtime rootfs, which ./build.sh Test provisions and names in TESTBED_TEST_ROOTFS.
/// </summary>
[Trait("Tier", "Integration")]
public sealed class ChrootSessionTests : IDisposable
{
    private readonly string _sessions = Directory.CreateTempSubdirectory("sessions-").FullName;

    public void Dispose() => Directory.Delete(_sessions, recursive: true);

    private static RootfsImage Rootfs()
    {
        var directory = Environment.GetEnvironmentVariable("TESTBED_TEST_ROOTFS");
        Assert.False(string.IsNullOrEmpty(directory), "TESTBED_TEST_ROOTFS is not set: run these tests through ./build.sh Test, which provisions the rootfs.");
        return new RootfsImage(Path.GetFileName(directory!), directory!);
    }

    [Fact]
    public async Task A_session_runs_on_debian_13_sees_bound_folders_and_leaves_no_mount_behind()
    {
        var rootfs = Rootfs();
        var shared = Directory.CreateTempSubdirectory("bind-").FullName;
        await File.WriteAllTextAsync(Path.Combine(shared, "hello.txt"), "from the host");
        string sessionDirectory;
        await using (var session = await ChrootSession.OpenAsync(rootfs, _sessions, "probe", [new BindMount(shared, "/mnt/shared", ReadOnly: true)],
            CancellationToken.None))
        {
            sessionDirectory = session.Directory;
            var osRelease = await session.RunAsync("cat", ["/etc/os-release"], "/", TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Contains("trixie", osRelease.Output);

            var bound = await session.RunAsync("cat", ["/mnt/shared/hello.txt"], "/mnt/shared", TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Equal("from the host", bound.Output.Trim());

            var write = await session.RunAsync("touch", ["/mnt/shared/nope"], "/", TimeSpan.FromSeconds(30), CancellationToken.None, check: false);
            Assert.NotEqual(0, write.ExitCode);

            // Writes land in the session's overlay, never in the cached rootfs.
            await session.RunAsync("touch", ["/etc/written-by-test"], "/", TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.False(File.Exists(Path.Combine(rootfs.Root, "etc", "written-by-test")));
            Assert.NotEmpty(MountTable.Under(session.Directory));
        }
        Assert.Empty(MountTable.Under(sessionDirectory));
        Assert.False(Directory.Exists(sessionDirectory));
        Directory.Delete(shared, recursive: true);
    }
}
