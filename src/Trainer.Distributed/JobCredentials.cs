namespace Testbed.Trainer.Distributed;

/// <summary>
/// What a worker must prove to join a ring: it knows the job's token (a secret read from a file,
/// e.g. a Swarm secret, never from the command line) and it belongs to the same job and world size.
/// </summary>
public sealed record JobCredentials(string JobId, int WorldSize, byte[] Token)
{
    /// <summary>
    /// Whether every message after the handshake carries a tag (<see cref="MessageSeal"/>); the
    /// handshake itself is authenticated either way. Part of the job: a worker with the other
    /// choice is refused in the handshake, whose hellos (and so the proofs) carry it.
    /// </summary>
    public bool MessageTags { get; init; } = true;

    public const string DefaultTokenFile = "/run/secrets/testbed-job-token";

    /// <summary>A token file is a short secret; a larger file is a mistake (the wrong file), not read whole.</summary>
    public const int MaxTokenBytes = 4096;

    /// <summary>The job id as --job-id gives it, refused when it could not travel in a hello.</summary>
    public static string CheckJobId(string jobId)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(jobId);
        return bytes <= Handshake.MaxJobIdBytes
            ? jobId
            : throw new InputException($"--job-id: {bytes} bytes; expected at most {Handshake.MaxJobIdBytes} (UTF-8).");
    }

    public static byte[] ReadToken(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(
                $"--token-file {path}: file not found; expected a file holding the job's secret token " +
                    $"(a Swarm secret, or any file with at least 16 bytes shared by all workers).");
        }

        // Read at most one byte past the limit: the wrong file (or a device) is never read whole.
        var token = new byte[MaxTokenBytes + 1];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            read = stream.ReadAtLeast(token, token.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--token-file {path}: cannot be read ({e.Message}); expected a readable file holding the job's secret.");
        }

        if (read > MaxTokenBytes)
        {
            throw new InputException($"--token-file {path}: holds more than {MaxTokenBytes} bytes; " +
                $"expected a secret of 16..{MaxTokenBytes} bytes (is it the right file?).");
        }

        // Trailing newlines are ignored so `echo secret > file` and `printf secret` agree.
        var length = read;
        while (length > 0 && token[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }

        if (length < 16)
        {
            throw new InputException($"--token-file {path}: holds {length} byte(s); expected a secret of at least 16 bytes.");
        }

        return token[..length];
    }
}
