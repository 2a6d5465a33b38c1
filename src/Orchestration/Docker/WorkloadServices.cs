using System.Globalization;
using Docker.DotNet.Models;
using Testbed.Records.Cli;

namespace Testbed.Orchestration.Docker;

/// <summary>Builds the Swarm service specs of a workload (pure: no engine needed, unit-tested).</summary>
public static class WorkloadServices
{
    public const string OutputMount = "/results";
    public const string DataMount = "/data";
    public static readonly string SlotVariable = TrainerFlags.VariableFor(TrainerFlags.Slot);

    /// <summary>The name Docker gives the host's network: a service attached to it shares each node's network stack.</summary>
    public const string HostNetwork = "host";

    public static IReadOnlyList<ServiceCreateParameters> Build(SwarmWorkloadRequest request)
    {
        var workload = request.Workload;
        if (workload.Command is { } command) return Foreign(request, command);
        if (request.HostNetworkPeers is { } hostPeers)
        {
            var hostPeerList = string.Join(',', hostPeers);
            return Enumerable.Range(0, workload.Workers).Select(rank => Spec(request, $"{workload.Name}-{rank}", 1,
                TrainerFlags.StaticRing(hostPeerList, rank, int.Parse(hostPeers[rank][(hostPeers[rank].LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)),
                constraint: request.WorkerNodes is { } pinned ? $"node.labels.testbed.node=={pinned[rank]}" : null, rank: rank)).ToList();
        }
        if (request.WorkerNodes is null)
        {
            var service = workload.Name;
            // Rank = task slot - 1; every replica finds the others through Swarm DNS (dnsrr answers with all task IPs).
            var rendezvous = TrainerFlags.SwarmDiscovery(service, workload.Workers, workload.Port);
            return [Spec(request, service, (ulong)workload.Workers, rendezvous, constraint: null, rank: null)];
        }

        var names = Enumerable.Range(0, workload.Workers).Select(r => $"{workload.Name}-{r}").ToList();
        var peers = string.Join(',', names.Select(n => $"{n}:{workload.Port}"));
        return names.Select((name, rank) => Spec(request, name, 1,
            TrainerFlags.StaticRing(peers, rank, workload.Port),
            constraint: $"node.labels.testbed.node=={request.WorkerNodes[rank]}", rank: rank)).ToList();
    }

    /// <summary>
    /// A foreign trainer: one service per rank (a torchrun rank is fixed before start, and rank 0's
    /// address must be known), rank 0 reached by its service's name on the overlay (dnsrr answers
    /// with its task's address) or at its host's address and port on the host's network.
    /// </summary>
    private static IReadOnlyList<ServiceCreateParameters> Foreign(SwarmWorkloadRequest request, SwarmCommand command)
    {
        var workload = request.Workload;
        var (address, port) = request.HostNetworkPeers is { } hostPeers
            ? (hostPeers[0][..hostPeers[0].LastIndexOf(':')], int.Parse(hostPeers[0][(hostPeers[0].LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture))
            : ($"{workload.Name}-0", workload.Port);
        return Enumerable.Range(0, workload.Workers).Select(rank =>
        {
            var spec = Spec(request, $"{workload.Name}-{rank}", 1, [], constraint: request.WorkerNodes is { } pinned
                ? $"node.labels.testbed.node=={pinned[rank]}" : null, rank: rank);
            // Spec always fills the template and its container; the enhanced client's models are nullable.
            var container = spec.Service.TaskTemplate!.ContainerSpec!;
            container.Command = command.Command.ToList();
            container.Args = [];
            container.Env = command.Environment(rank, address, port).Select(v => $"{v.Key}={v.Value}").ToList();
            return spec;
        }).ToList();
    }

    private static ServiceCreateParameters Spec(SwarmWorkloadRequest request, string name, ulong replicas, IEnumerable<string> rendezvous, string? constraint,
        int? rank)
    {
        var workload = request.Workload;
        var labels = new Dictionary<string, string>(workload.Labels);
        if (rank is not null) labels["testbed.rank"] = Text(rank.Value);
        var nanoCpus = (long)Math.Round(workload.CpusPerWorker * 1e9);
        var memoryBytes = workload.MemoryMbPerWorker * 1024L * 1024L;

        var mounts = new List<Mount> { new() { Type = "bind", Source = request.HostOutputDirectory, Target = OutputMount } };
        var hostData = workload.HostDataDirectory;
        if (hostData is not null) mounts.Add(new Mount { Type = "bind", Source = hostData, Target = DataMount, ReadOnly = true });

        return new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = name,
                Labels = labels,
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
                // No IPVS in this kernel: virtual IPs do not answer; DNS round-robin returns task addresses.
                // On the host's network there is no service address at all.
                EndpointSpec = request.HostNetworkPeers is null ? new EndpointSpec { Mode = "dnsrr" } : null,
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = new ContainerSpec
                    {
                        Image = request.Image,
                        Labels = new Dictionary<string, string>(workload.Labels),
                        // The host's network brings the host's name; a hostname of its own is refused there.
                        Hostname = request.HostNetworkPeers is null ? "{{.Service.Name}}-{{.Task.Slot}}" : null,
                        Env = [$"{SlotVariable}={{{{.Task.Slot}}}}", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"],
                        Args = workload.Arguments(rendezvous).ToList(),
                        Mounts = mounts,
                        Secrets =
                        [
                            new SecretReference
                            {
                                SecretID = request.SecretId,
                                SecretName = request.SecretName,
                                File = new SecretReferenceFileTarget { Name = workload.SecretFileName, UID = Text(request.UserId), GID = Text(request.UserId),
                                    Mode = 0x100 },
                            },
                        ],
                        StopGracePeriod = TimeSpan.FromSeconds(2),
                    },
                    // The same CFS quota as the native workers; the reservation keeps the scheduler honest on many nodes.
                    Resources = new ResourceRequirements
                    {
                        Limits = new SwarmLimit { NanoCPUs = nanoCpus, MemoryBytes = memoryBytes },
                        Reservations = new SwarmResources { NanoCPUs = nanoCpus, MemoryBytes = memoryBytes },
                    },
                    // A failed worker fails the repetition; a restarted one would rejoin a ring that has moved on.
                    RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
                    Placement = new Placement { Constraints = constraint is null ? [] : [constraint] },
                    Networks = request.HostNetworkPeers is null
                        ? [new NetworkAttachmentConfig { Target = request.NetworkId, Aliases = [workload.NetworkAlias] }]
                        : [new NetworkAttachmentConfig { Target = HostNetwork }],
                },
            },
        };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
