using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Testbed.Trainer.Distributed;

/// <summary>
/// The first bytes on every ring connection. Both sides send a hello (job id, world size, own
/// rank, the rank it wants to talk to, whether messages carry tags, a fresh random nonce); then each proves it knows the job
/// token with an HMAC-SHA256 over both hellos, the connecting side first. The token never
/// crosses the wire, a recorded proof is useless for another connection (fresh nonces), and a
/// worker of another job or with another token is refused with a message saying which. Both
/// sides leave with <see cref="LinkKeys"/> for the connection, derived from the token and both
/// hellos, which authenticate every message after the handshake (<see cref="MessageSeal"/>).
/// </summary>
public static class Handshake
{
    private static readonly byte[] Magic = "TBRING02"u8.ToArray();
    private const int NonceBytes = 32;
    private const int ProofBytes = 32;
    private const byte Accepted = 0;
    private const byte RefusedToken = 1;

    /// <summary>Magic, world size, rank, wanted rank, options, nonce, job id length: the part of a hello before the job id.</summary>
    internal const int HeadBytes = 8 + 13 + NonceBytes + 2;
    private const int OptionsAt = 20;
    private const int NonceAt = 21;
    private const byte TagsOption = 1;

    /// <summary>
    /// The longest job id a hello may carry: the only length in the handshake that comes from the
    /// peer, so what a stranger can make a worker allocate before it proved anything stays tiny.
    /// </summary>
    public const int MaxJobIdBytes = 256;

    /// <summary>What the connecting side sends before its first message: its hello and its proof (a relay in the tests counts on it).</summary>
    internal static int ConnectorBytes(string jobId) => HeadBytes + Encoding.UTF8.GetByteCount(jobId) + ProofBytes;

    public sealed record Hello(string JobId, int WorldSize, int Rank, int WantsRank, bool MessageTags, byte[] Nonce, byte[] Bytes);

    public enum ConnectResult
    {
        Connected,

        /// <summary>The peer is a worker of this job but not the rank we are looking for (discovery probes every address).</summary>
        OtherRank,
    }

    /// <summary>
    /// Connecting side. Throws <see cref="HandshakeRefusedException"/> when the peer is not of this
    /// job; <paramref name="Keys"/> are null unless <see cref="ConnectResult.Connected"/>.
    /// </summary>
    public static (ConnectResult Result, int PeerRank, LinkKeys? Keys) Connect(Socket socket, JobCredentials job, int rank, int wantsRank, Deadline deadline)
    {
        var mine = Create(job, rank, wantsRank);
        Send(socket, mine.Bytes, deadline);
        var theirs = Read(socket, deadline);
        var peer = $"the worker at {socket.RemoteEndPoint}";
        CheckSameJob(job, theirs, peer);
        if (theirs.Rank != wantsRank)
        {
            return (ConnectResult.OtherRank, theirs.Rank, null);
        }

        Send(socket, Proof(job.Token, "connector", mine, theirs), deadline);
        var status = Receive(socket, 1, deadline);
        if (status[0] != Accepted)
        {
            throw new HandshakeRefusedException(
                $"rank {theirs.Rank} ({socket.RemoteEndPoint}) refused this worker: it does not accept " +
                    $"our proof of the job token; the workers were given different --token-file contents.");
        }

        var proof = Receive(socket, ProofBytes, deadline);
        if (!CryptographicOperations.FixedTimeEquals(proof, Proof(job.Token, "acceptor", mine, theirs)))
        {
            throw new HandshakeRefusedException(
                $"{peer} claims to be rank {theirs.Rank} of job '{job.JobId}' but cannot prove it " +
                    $"knows the job token; it belongs to another job or has another --token-file.");
        }

        return (ConnectResult.Connected, theirs.Rank, LinkKeys.Derive(job.Token, [.. mine.Bytes, .. theirs.Bytes], isConnector: true));
    }

    /// <summary>
    /// Accepting side. Returns the peer's rank and the connection's keys when it is
    /// <paramref name="expectsRank"/> and proved the token; null for a probe meant for another
    /// rank; throws <see cref="HandshakeRefusedException"/> for a stranger (the caller logs it and
    /// keeps waiting for the right peer).
    /// </summary>
    public static (int PeerRank, LinkKeys Keys)? Accept(Socket socket, JobCredentials job, int rank, int expectsRank, Deadline deadline)
    {
        var theirs = Read(socket, deadline);
        var mine = Create(job, rank, expectsRank);
        Send(socket, mine.Bytes, deadline);
        CheckSameJob(job, theirs, $"the worker at {socket.RemoteEndPoint}");
        if (theirs.WantsRank != rank)
        {
            return null;
        }

        if (theirs.Rank != expectsRank)
        {
            throw new HandshakeRefusedException(
                $"the worker at {socket.RemoteEndPoint} says it is rank {theirs.Rank}, but rank " +
                    $"{rank} takes its data from rank {expectsRank}; two workers share a rank or slot.");
        }

        var proof = Receive(socket, ProofBytes, deadline);
        if (!CryptographicOperations.FixedTimeEquals(proof, Proof(job.Token, "connector", theirs, mine)))
        {
            Send(socket, [RefusedToken], deadline);
            throw new HandshakeRefusedException(
                $"refused the worker at {socket.RemoteEndPoint} claiming rank {theirs.Rank}: its " +
                    $"proof of the job token is wrong (another job, or another --token-file).");
        }

        Send(socket, [Accepted], deadline);
        Send(socket, Proof(job.Token, "acceptor", theirs, mine), deadline);
        return (theirs.Rank, LinkKeys.Derive(job.Token, [.. theirs.Bytes, .. mine.Bytes], isConnector: false));
    }

    private static void CheckSameJob(JobCredentials job, Hello theirs, string peer)
    {
        if (theirs.JobId != job.JobId || theirs.WorldSize != job.WorldSize)
        {
            throw new HandshakeRefusedException(
                $"{peer} belongs to job '{theirs.JobId}' with world size {theirs.WorldSize}, this worker " +
                    $"to job '{job.JobId}' with world size {job.WorldSize}; check --job-id and --world.");
        }

        if (theirs.MessageTags != job.MessageTags)
        {
            throw new HandshakeRefusedException(
                $"{peer} runs with --ring-tags {(theirs.MessageTags ? "true" : "false")}, this worker with --ring-tags " +
                    $"{(job.MessageTags ? "true" : "false")}; every worker of a job must be given the same.");
        }
    }

    private static Hello Create(JobCredentials job, int rank, int wantsRank)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var jobId = Encoding.UTF8.GetBytes(job.JobId);
        var bytes = new byte[HeadBytes + jobId.Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], job.WorldSize);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], rank);
        BinaryPrimitives.WriteInt32BigEndian(span[16..], wantsRank);
        span[OptionsAt] = job.MessageTags ? TagsOption : (byte)0;
        nonce.CopyTo(span[NonceAt..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(NonceAt + NonceBytes)..], (ushort)jobId.Length);
        jobId.CopyTo(span[HeadBytes..]);
        return new Hello(job.JobId, job.WorldSize, rank, wantsRank, job.MessageTags, nonce, bytes);
    }

    private static Hello Read(Socket socket, Deadline deadline)
    {
        var head = Receive(socket, HeadBytes, deadline);
        if (!head.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new HandshakeRefusedException($"the peer at {socket.RemoteEndPoint} does not speak the testbed ring protocol (bad greeting).");
        }

        int jobIdLength = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(NonceAt + NonceBytes));
        if (jobIdLength > MaxJobIdBytes)
        {
            throw new HandshakeRefusedException($"the peer at {socket.RemoteEndPoint} announces a job " +
                $"id of {jobIdLength} bytes; expected at most {MaxJobIdBytes} (not a testbed worker).");
        }

        var jobId = Receive(socket, jobIdLength, deadline);
        return new Hello(
            Encoding.UTF8.GetString(jobId),
            BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(8)),
            BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(12)),
            BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)),
            (head[OptionsAt] & TagsOption) != 0,
            head.AsSpan(NonceAt, NonceBytes).ToArray(),
            [.. head, .. jobId]);
    }

    private static byte[] Proof(byte[] token, string role, Hello connector, Hello acceptor) =>
        HMACSHA256.HashData(token, (byte[])[.. Encoding.ASCII.GetBytes(role), .. connector.Bytes, .. acceptor.Bytes]);

    /// <summary>Each call may only wait for what is left of the handshake's deadline.</summary>
    private static void Send(Socket socket, ReadOnlySpan<byte> data, Deadline deadline)
    {
        while (!data.IsEmpty)
        {
            socket.SendTimeout = TimeLeft(socket, deadline);
            data = data[socket.Send(data)..];
        }
    }

    private static byte[] Receive(Socket socket, int count, Deadline deadline)
    {
        var data = new byte[count];
        var got = 0;
        while (got < count)
        {
            socket.ReceiveTimeout = TimeLeft(socket, deadline);
            var n = socket.Receive(data, got, count - got, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException($"the peer at {socket.RemoteEndPoint} closed the connection during the handshake.");
            }

            got += n;
        }

        return data;
    }

    private static int TimeLeft(Socket socket, Deadline deadline)
    {
        var left = deadline.Remaining;
        if (left <= TimeSpan.Zero)
        {
            throw new IOException($"the peer at {socket.RemoteEndPoint} did not finish the handshake in time (a worker answers within milliseconds).");
        }

        return (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue);
    }
}
