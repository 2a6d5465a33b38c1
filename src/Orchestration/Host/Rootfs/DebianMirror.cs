namespace Testbed.Orchestration.Rootfs;

/// <summary>The mirror answered nothing useful: the message names it, what was asked and what to do.</summary>
public sealed class MirrorUnreachableException(string message) : Exception(message);

/// <summary>
/// Asks the Debian mirror for the suite's Release file before debootstrap starts, so an unreachable
/// mirror (no network, a mistyped --debian-mirror) is one clear sentence within seconds, not a
/// debootstrap failure and a stack trace after a long wait.
/// </summary>
public static class DebianMirror
{
    /// <exception cref="MirrorUnreachableException">The mirror did not serve dists/<paramref name="suite"/>/Release.</exception>
    public static async Task CheckAsync(string mirror, string suite, TimeSpan timeout, CancellationToken cancellation)
    {
        var release = $"{mirror.TrimEnd('/')}/dists/{suite}/Release";
        if (!Uri.TryCreate(release, UriKind.Absolute, out var uri))
            throw new MirrorUnreachableException($"--debian-mirror '{mirror}' is not a URL; expected e.g. http://deb.debian.org/debian.");
        if (uri.IsFile)
        {
            if (!File.Exists(uri.LocalPath))
            {
                throw new MirrorUnreachableException($"--debian-mirror '{mirror}' has no {uri.LocalPath}: not a Debian mirror holding '{suite}'.");
            }
            return;
        }

        string problem;
        try
        {
            using var client = new HttpClient { Timeout = timeout };
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellation);
            if (response.IsSuccessStatusCode) return;
            problem = $"answered HTTP {(int)response.StatusCode} for {release}";
        }
        catch (HttpRequestException e)
        {
            problem = $"cannot be reached ({e.Message})";
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            problem = $"did not answer {release} within {timeout.TotalSeconds:0} s";
        }
        throw new MirrorUnreachableException(
            $"The Debian mirror '{mirror}' {problem}; the runtime rootfs is downloaded from it. Check the " +
                $"network, or pass a reachable mirror with --debian-mirror (or TESTBED_DEBIAN_MIRROR).");
    }
}
