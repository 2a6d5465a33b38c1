namespace Testbed.Orchestration.Rootfs;

/// <summary>
/// One build of a cached root filesystem at a time. Two builds started together (two checkouts,
/// or two targets of one test run) shared one ".partial" folder: the second deleted what the
/// first was unpacking, and both failed with debootstrap's unpack errors. The lock is an exclusive
/// advisory lock (flock) on a file beside the cache entry, so the kernel releases it when its
/// holder dies, even by SIGKILL: a crashed build never blocks the next.
/// </summary>
public sealed class BuildLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly FileStream _file;

    private BuildLock(FileStream file) => _file = file;

    /// <summary>
    /// Takes the lock at <paramref name="path"/>, waiting while another process holds it (said once
    /// through <paramref name="waiting"/>), for at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Another build still held it after the timeout; the message names the file.</exception>
    public static async Task<BuildLock> AcquireAsync(string path, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + timeout;
        var said = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux: a second holder, in this process or another, is refused.
                return new BuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!said) waiting($"another build holds {path}; waiting for it to finish (at most {timeout.TotalMinutes:0} min)");
                said = true;
                await Task.Delay(Poll, cancellation);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"{path} was still held by another build after {timeout.TotalMinutes:0} min ({e.Message}); " +
                    "stop the other build or wait for it, then run again.", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
