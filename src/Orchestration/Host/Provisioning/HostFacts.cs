namespace Testbed.Orchestration.Provisioning;

/// <summary>What the provisioning needs to know about the machine it runs on.</summary>
public static class HostFacts
{
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>The fields of /etc/os-release (ID, ID_LIKE, PRETTY_NAME, ...).</summary>
    public static IReadOnlyDictionary<string, string> OsRelease(string path = "/etc/os-release")
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        return File.ReadAllLines(path)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"'));
    }

    /// <summary>Debian, Ubuntu or a derivative: where apt can install what the build needs.</summary>
    public static bool IsDebianLike(IReadOnlyDictionary<string, string> osRelease)
    {
        var ids = (osRelease.GetValueOrDefault("ID", "") + " " + osRelease.GetValueOrDefault("ID_LIKE", "")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ids.Any(id => id is "debian" or "ubuntu");
    }

    public static string Describe(IReadOnlyDictionary<string, string> osRelease) => osRelease.GetValueOrDefault("PRETTY_NAME", "an unknown Linux");
}
