using System.Globalization;
using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// What a foreign trainer (a workload's trainer of kind <c>command</c>) is given in every mode,
/// the way torchrun gives it: its command with the workload's placeholders filled, and an
/// environment naming rank 0's address and port, its rank, the world size, its rank among the
/// workers on its host, threads from the CPU allotment (OMP_NUM_THREADS also sizes OpenBLAS's
/// pool: docs/environment.md), the interface the mode's path uses, and the job token's file.
/// Only the rendezvous differs between modes, as for our trainer.
/// </summary>
public static class ForeignLaunch
{
    /// <summary>The job token's file inside the runtime (the trainer may use it to refuse strangers; the example does not).</summary>
    public const string TokenFileVariable = "TESTBED_JOB_TOKEN_FILE";

    public const string JobIdVariable = "TESTBED_JOB_ID";

    /// <summary>Where the token is inside the runtime, native and container alike (a Swarm secret lands there too).</summary>
    public static string TokenFile => $"/run/secrets/{TrainerArguments.TokenFileName}";

    /// <summary>The program and its arguments for this launch.</summary>
    public static IReadOnlyList<string> Command(WorkloadLaunch launch, string outputDirectory) =>
        CommandPlaceholders.Fill(launch.Workload.Trainer.Command
            ?? throw new InvalidOperationException($"Workload {launch.Workload.Name} has no command; validation lets none through."),
            launch.Workload, launch.Epochs, TrainerArguments.DataDirectory(launch.Workload), outputDirectory);

    /// <param name="rendezvous">Rank 0's address and port as the worker reaches it.</param>
    /// <param name="localRank">The worker's rank among the workers on its host (or in its container: 0).</param>
    /// <param name="localWorld">Workers on its host (in a container: 1).</param>
    /// <param name="socketInterface">The network interface of the mode's path (lo, eth0, a node's LAN interface); null lets gloo resolve the host name.</param>
    public static IReadOnlyDictionary<string,
        string> Environment(WorkloadLaunch launch, int rank, (string Address, int Port) rendezvous, int localRank, int localWorld, string? socketInterface)
    {
        string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        var variables = new Dictionary<string, string>
        {
            ["MASTER_ADDR"] = rendezvous.Address,
            ["MASTER_PORT"] = N(rendezvous.Port),
            ["RANK"] = N(rank),
            ["WORLD_SIZE"] = N(launch.Workload.Workers),
            ["LOCAL_RANK"] = N(localRank),
            ["LOCAL_WORLD_SIZE"] = N(localWorld),
            ["OMP_NUM_THREADS"] = N(launch.Threads),
            [TokenFileVariable] = TokenFile,
            [JobIdVariable] = launch.JobId,
            ["HOME"] = "/home/testbed",
            // Records and logs reach the pipeline as they are written; trainers/ is read-only.
            ["PYTHONUNBUFFERED"] = "1",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        if (socketInterface is not null) variables["GLOO_SOCKET_IFNAME"] = socketInterface;
        return variables;
    }

    /// <summary>Each rank's place among the workers that share its host, from the host each rank runs on.</summary>
    public static (int LocalRank, int LocalWorld) LocalRankOf(IReadOnlyList<string> hostOfRank, int rank) =>
        (hostOfRank.Take(rank).Count(h => h == hostOfRank[rank]), hostOfRank.Count(h => h == hostOfRank[rank]));
}
