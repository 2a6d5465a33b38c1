namespace Testbed.Trainer.Distributed;

/// <summary>
/// What a worker must prove to join a ring: it knows the job's token (a secret read from a file,
/// e.g. a Swarm secret, never from the command line) and it belongs to the same job and world size.
/// </summary>
public sealed record JobCredentials(string JobId, int WorldSize, byte[] Token)
{
    public const string DefaultTokenFile = "/run/secrets/testbed-job-token";

    public static byte[] ReadToken(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(
                $"--token-file {path}: file not found; expected a file holding the job's secret token (a Swarm secret, or any file with at least 16 bytes shared by all workers).");
        }

        // Trailing newlines are ignored so `echo secret > file` and `printf secret` agree.
        byte[] token = File.ReadAllBytes(path);
        int length = token.Length;
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
