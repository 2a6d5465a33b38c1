using System.CommandLine;
using System.Net;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Cli;

/// <summary>Turns --peers/--discover/--rank/--world/... into a joined process group (or a solo one).</summary>
public static class RingFromFlags
{
    public const int MaxTimeoutSeconds = 86_400;

    public static IProcessGroup Join(ParseResult flags, Action<string> log, int blockFloats = RingProcessGroup.DefaultBlockFloats)
    {
        var peers = flags.GetValue(TrainerOptions.Peers);
        var discover = flags.GetValue(TrainerOptions.Discover);
        var rankFlag = flags.GetValue(TrainerOptions.Rank);
        var world = flags.GetValue(TrainerOptions.World);
        var timeoutSeconds = flags.GetValue(TrainerOptions.Timeout);
        // NaN passed `<= 0` and 1e300 overflowed TimeSpan: both ended in a stack trace.
        if (!(timeoutSeconds > 0 && timeoutSeconds <= MaxTimeoutSeconds))
        {
            throw new InputException($"--timeout {timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}: " +
                $"expected a positive number of seconds, at most {MaxTimeoutSeconds} (a day).");
        }

        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        if (peers is not null && discover is not null)
        {
            throw new InputException("--peers and --discover both given; expected one way to find the other workers.");
        }

        int rank;
        int worldSize;
        IPeerLocator locator;
        int port;
        IPAddress listenAddress;
        if (peers is not null)
        {
            var addresses = PeerAddress.ParseList(peers, "--peers");
            worldSize = addresses.Count;
            if (world is { } w && w != worldSize)
            {
                throw new InputException($"--world {w} but --peers lists {worldSize} workers; expected them to agree.");
            }

            rank = rankFlag ?? throw new InputException("--peers needs --rank (this worker's 0-based position in the list).");
            if (rank < 0 || rank >= worldSize)
            {
                throw new InputException($"--rank {rank}: expected 0..{worldSize - 1} for the {worldSize} workers of --peers.");
            }

            locator = new StaticPeerLocator(addresses);
            port = flags.GetValue(TrainerOptions.Port) ?? addresses[rank].Port;
            listenAddress = ListenAddress(flags.GetValue(TrainerOptions.Listen), addresses[rank]);
        }
        else if (discover is not null)
        {
            var service = PeerAddress.Parse(discover, "--discover");
            worldSize = world ?? throw new InputException("--discover needs --world (how many tasks to wait for).");
            var slot = flags.GetValue(TrainerOptions.Slot) ?? rankFlag
                ?? throw new InputException("--discover needs the task slot: --slot or --rank (TESTBED_SLOT / TESTBED_RANK = {{.Task.Slot}}, 1-based).");
            if (slot < 1 || slot > worldSize)
            {
                throw new InputException($"task slot {slot} (--slot/--rank with --discover): expected 1..{worldSize}, Swarm's 1-based {{{{.Task.Slot}}}}.");
            }

            rank = slot - 1;
            log($"rank {rank} from task slot {slot}");
            locator = new SwarmDnsLocator(service, worldSize);
            port = flags.GetValue(TrainerOptions.Port) ?? service.Port;
            listenAddress = ListenAddress(flags.GetValue(TrainerOptions.Listen), own: null);
        }
        else
        {
            if (world is > 1)
            {
                throw new InputException($"--world {world} without --peers or --discover; expected a way to find the other workers.");
            }

            return new SoloProcessGroup();
        }

        if (worldSize == 1)
        {
            return new SoloProcessGroup();
        }

        if (port is < 0 or > 65535)
        {
            throw new InputException($"--port {port}: expected 1..65535 (or 0 for any free port).");
        }

        var tokenFile = flags.GetValue(TrainerOptions.TokenFile) ?? JobCredentials.DefaultTokenFile;
        var jobId = JobCredentials.CheckJobId(flags.GetValue(TrainerOptions.JobId) ?? "testbed");
        // `bench allreduce` has no --ring-tags: it turns the tags on and off itself.
        var tags = !flags.CommandResult.Command.Options.Contains(TrainerOptions.RingTags) || flags.GetValue(TrainerOptions.RingTags);
        var job = new JobCredentials(jobId, worldSize, JobCredentials.ReadToken(tokenFile)) { MessageTags = tags };
        var endpoint = new IPEndPoint(listenAddress, port);
        log($"joining job '{job.JobId}' as rank {rank} of {worldSize}, listening on " +
            $"{endpoint}{(listenAddress.Equals(IPAddress.Any) ? " (every interface)" : "")}, timeout {timeout.TotalSeconds:0.#} s, "
            + (tags ? "every message tagged" : "messages untagged (--ring-tags false; the handshake is authenticated)"));
        return new RingRendezvous(rank, job, RingRendezvous.Listen(listenAddress, port), locator, timeout, log, blockFloats).Join();
    }

    /// <summary>
    /// Where to listen: --listen when given; else this rank's own --peers entry when it is an IP
    /// address (natively 127.0.0.1, so nothing off the host can even connect) or localhost; else
    /// (--discover, or a host name in --peers, as in Swarm services) every interface: a container
    /// knows neither its overlay address nor its other interfaces beforehand.
    /// </summary>
    public static IPAddress ListenAddress(string? listen, PeerAddress? own)
    {
        if (listen is not null)
        {
            return IPAddress.TryParse(listen, out var address)
                ? address
                : throw new InputException($"--listen '{listen}': expected an IP address of this host (e.g. 127.0.0.1, or 0.0.0.0 for every interface).");
        }

        if (own is null)
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(own.Host, out var literal))
        {
            return literal;
        }

        return own.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Any;
    }
}
