namespace Testbed.Orchestration.Docker;

/// <summary>Where the Docker engine listens: <c>DOCKER_HOST</c> when set, else the local socket.</summary>
public static class DockerEndpoint
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    public static Uri Resolve()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return new Uri(string.IsNullOrWhiteSpace(host) ? DefaultSocket : host);
    }

    public static bool IsDefault(Uri endpoint) => endpoint == new Uri(DefaultSocket);
}
