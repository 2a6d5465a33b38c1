using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Testing;

/// <summary>Where the host's .NET SDK and NuGet packages are, to mount them into a chroot session.</summary>
public static class DotnetInstallation
{
    public static string Root()
    {
        var configured = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "dotnet"))) return Path.GetFullPath(configured);
        var onPath = ProcessRunner.Which("dotnet") ?? throw new InvalidOperationException("No 'dotnet' on PATH; install the .NET SDK.");
        var resolved = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        return Path.GetDirectoryName(resolved)!;
    }

    public static string PackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return !string.IsNullOrEmpty(configured)
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
