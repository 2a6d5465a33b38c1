using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Provisioning;

/// <summary>
/// Makes sure a Docker engine answers and is a Swarm manager. Installs and starts Debian's
/// engine only when none answers on the local socket; an engine the user runs is never changed
/// beyond checking that it is a manager.
/// </summary>
public sealed class EngineProvisioner(IReporter reporter, AptPackages apt, string cacheDirectory, TimeSpan startTimeout)
{
    public string DaemonLog => Path.Combine(cacheDirectory, "dockerd.log");

    public async Task EnsureEngineAsync(CancellationToken cancellation)
    {
        using var engine = new DockerEngine();
        if (await engine.AnswersAsync(TimeSpan.FromSeconds(5), cancellation))
        {
            reporter.Skip($"Docker engine {await engine.VersionAsync(cancellation)} answers at {engine.Endpoint}");
            return;
        }
        if (!DockerEndpoint.IsDefault(engine.Endpoint))
        {
            throw new InvalidOperationException($"DOCKER_HOST={engine.Endpoint} does not answer. " +
                $"Start that engine, or unset DOCKER_HOST to let the build start a local one.");
        }

        await apt.EnsureAsync(["docker.io", "iptables"], "the Docker engine", cancellation);
        if (!HostFacts.IsRoot)
        {
            throw new InvalidOperationException("No Docker engine answers at /var/run/docker.sock and starting " +
                "one needs root. Start dockerd (or ask an administrator to), then run the build again.");
        }

        Directory.CreateDirectory(cacheDirectory);
        await reporter.ProgressAsync("Starting dockerd", async update =>
        {
            // setsid -f: the daemon outlives this build (later targets and runs need it) and gets no terminal signals.
            await ProcessRunner.RunAsync("/bin/sh", ["-c", $"setsid -f dockerd >>'{DaemonLog}' 2>&1 </dev/null"], TimeSpan.FromSeconds(30), cancellation);
            var deadline = DateTime.UtcNow + startTimeout;
            while (!await engine.AnswersAsync(TimeSpan.FromSeconds(2), cancellation))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"dockerd did not answer within " +
                        $"{startTimeout.TotalSeconds:0} s. Its log is {DaemonLog}:\n{Tail(DaemonLog)}");
                }
                update($"waiting for {engine.Endpoint}");
                await Task.Delay(250, cancellation);
            }
            return true;
        });
        reporter.Info($"Docker engine {await engine.VersionAsync(cancellation)} started (log: {DaemonLog})");
    }

    public async Task EnsureSwarmManagerAsync(CancellationToken cancellation)
    {
        using var engine = new DockerEngine();
        switch (await engine.SwarmRoleAsync(cancellation))
        {
            case SwarmRole.Manager:
                reporter.Skip("Engine is a Swarm manager");
                break;
            case SwarmRole.None:
                await engine.InitLoopbackSwarmAsync(cancellation);
                reporter.Info("Initialised a one-node Swarm on 127.0.0.1 (docker swarm leave --force undoes it)");
                break;
            case SwarmRole.Worker:
                throw new InvalidOperationException("This engine is a Swarm worker; services can only be " +
                    "created on a manager. Run the build on a manager node (docker node promote), then again.");
            default:
                throw new InvalidOperationException("This engine's Swarm membership is pending or in " +
                    "error (docker info shows it). Fix or leave that swarm, then run the build again.");
        }
    }

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(15)) : "(no log)";
}
