using System.Net;
using System.Net.Sockets;
using Renci.SshNet.Common;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// A node's Docker engine made reachable here: a listener on 127.0.0.1 (a free port), and for
/// each connection accepted an SSH exec channel running socat against the engine's Unix socket
/// on the node, bytes pumped both ways. The same for virtual nodes and real hosts; the engine
/// itself never listens on the network.
/// </summary>
internal sealed class EngineTunnel : IAsyncDisposable
{
    private readonly NodeShell _shell;
    private readonly string _command;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    private EngineTunnel(NodeShell shell, string socket)
    {
        _shell = shell;
        _command = shell.AsRoot($"exec socat - UNIX-CONNECT:{socket}");
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri($"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public static EngineTunnel Start(NodeShell shell, string socket) => new(shell, socket);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
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

    private async Task CarryAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        try
        {
            using var lease = await _shell.LeaseAsync(_stop.Token);
            using var ssh = lease.Client.CreateCommand(_command);
            var execution = ssh.ExecuteAsync(_stop.Token);
            var socket = client.GetStream();
            var up = Task.Run(async () =>
            {
                await using var input = ssh.CreateInputStream();
                try { await socket.CopyToAsync(input, 81920, _stop.Token); }
                catch (IOException) { }
            });
            var down = Task.Run(async () =>
            {
                try
                {
                    await ssh.OutputStream.CopyToAsync(socket, 81920, _stop.Token);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
            });
            // The engine side ends the exchange (socat exits when the engine closes); the client
            // closing first ends socat's input, and socat then exits too.
            await Task.WhenAny(Task.WhenAll(up, down), execution);
            await down.WaitAsync(TimeSpan.FromSeconds(5), _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await execution.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is OperationCanceledException or SshException or ObjectDisposedException or IOException or SocketException or NodeUnreachableException)
        {
            // The tunnel is closing or the node is gone: the engine client sees a closed connection.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] open;
        lock (_connections) open = [.. _connections];
        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
