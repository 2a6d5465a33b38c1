using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests.Rootfs;

/// <summary>Builds of one cached rootfs take turns: the second waits for the first, says so once, and gives up with the file's name.</summary>
[Trait("Tier", "Unit")]
public sealed class BuildLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-build-lock-").FullName;

    private string LockFile => Path.Combine(_folder, "cache", "abc123.lock");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_second_build_waits_until_the_first_lets_go()
    {
        var said = new List<string>();
        var first = await BuildLock.AcquireAsync(LockFile, TimeSpan.FromMinutes(1), said.Add, CancellationToken.None);

        var second = BuildLock.AcquireAsync(LockFile, TimeSpan.FromMinutes(1), said.Add, CancellationToken.None);
        await WaitUntil(() => said.Count > 0);
        Assert.False(second.IsCompleted);
        first.Dispose();

        using var taken = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(LockFile, Assert.Single(said));
    }

    [Fact]
    public async Task A_lock_held_past_the_timeout_is_an_error_naming_the_file()
    {
        using var held = await BuildLock.AcquireAsync(LockFile, TimeSpan.FromMinutes(1), _ => { }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            BuildLock.AcquireAsync(LockFile, TimeSpan.FromMilliseconds(200), _ => { }, CancellationToken.None));

        Assert.Contains(LockFile, error.Message);
        Assert.Contains("another build", error.Message);
    }

    [Fact]
    public async Task A_waiting_build_stops_when_cancelled()
    {
        using var held = await BuildLock.AcquireAsync(LockFile, TimeSpan.FromMinutes(1), _ => { }, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            BuildLock.AcquireAsync(LockFile, TimeSpan.FromMinutes(1), _ => { }, cancel.Token));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the second build never said it was waiting");
            await Task.Delay(20);
        }
    }
}
