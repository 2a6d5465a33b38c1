using System.Net.Sockets;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// A node's Docker engine made reachable here without a door anyone else can use: a Unix socket
/// in a private folder (mode 0700, this user's alone) instead of a TCP port on 127.0.0.1, which any
/// local user could have reached, and through it the node's root engine. Each connection accepted
/// is carried by its own SSH exec channel (on the engine's own connections) running socat against
/// the engine's Unix socket on the node, bytes pumped both ways. The engine itself never listens on
/// the network.
/// </summary>
internal sealed class EngineTunnel : IAsyncDisposable
{
    private readonly NodeShell _shell;
    private readonly string _command;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    private EngineTunnel(NodeShell shell, string socket)
    {
        _shell = shell;
        _command = shell.AsRoot($"exec socat - UNIX-CONNECT:{socket}");
        Directory = PrivateDirectory();
        SocketPath = Path.Combine(Directory, "engine.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        Endpoint = new Uri("unix://" + SocketPath);
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>The private folder holding the socket (0700).</summary>
    public string Directory { get; }

    public string SocketPath { get; }

    public static EngineTunnel Start(NodeShell shell, string socket) => new(shell, socket);

    /// <summary>
    /// A fresh folder only this user may enter; made by mkdtemp (0700), the mode set again to be sure.
    /// Named after this driver, so a later run or Teardown removes it if this one is killed first.
    /// </summary>
    private static string PrivateDirectory()
    {
        var directory = Processes.OwnedTempFolders.Create(Processes.OwnedTempFolders.EngineKind);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var connection = CarryAsync(client);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task CarryAsync(Socket client)
    {
        using var _ = client;
        try
        {
            using var lease = await _shell.LeaseAsync(ConnectionPurpose.Engine, fresh: false, _stop.Token, _stop.Token);
            using var ssh = lease.Client.CreateCommand(_command);
            var execution = ssh.ExecuteAsync(_stop.Token);
            await using var socket = new NetworkStream(client, ownsSocket: false);
            var input = ssh.CreateInputStream();
            var up = Task.Run(async () =>
            {
                try
                {
                    await socket.CopyToAsync(input, 81920, _stop.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException
                    or InvalidOperationException or Renci.SshNet.Common.SshException)
                {
                }
                // The client is done sending: EOF to socat, but only while the channel is open. An EOF
                // after the node closed the channel makes OpenSSH drop the whole connection
                // ("ieof packet referred to nonexistent channel"), every other channel with it.
                if (!execution.IsCompleted)
                {
                    try
                    {
                        await input.DisposeAsync();
                    }
                    catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or Renci.SshNet.Common.SshException)
                    {
                    }
                }
            });
            // The channel's output reads only synchronously: on a thread of its own, not the pool's.
            var down = SshStreamThread.Run(() =>
            {
                try
                {
                    ssh.OutputStream.CopyTo(socket, 81920);
                    client.Shutdown(SocketShutdown.Send);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                }
            });
            // The engine side ends the exchange (socat exits when the engine closes); the client
            // closing first ends socat's input, and socat then exits too.
            await Task.WhenAny(Task.WhenAll(up, down), execution);
            await down.WaitAsync(TimeSpan.FromSeconds(5), _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await execution.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ssh.ExitStatus is null && !_stop.IsCancellationRequested) lease.Retire();
        }
        catch (Exception e) when (e is OperationCanceledException or Renci.SshNet.Common.SshException or ObjectDisposedException or IOException
            or SocketException or ConnectionLostException)
        {
            // The tunnel is closing or the node is gone: the engine client sees a closed connection.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] open;
        lock (_connections) open = [.. _connections];
        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
