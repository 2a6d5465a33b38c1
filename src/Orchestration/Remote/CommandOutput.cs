using System.Globalization;
using System.Text;

namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Reads a node command's output as it comes (never blocking on a channel that is still open):
/// the process group's id from the first line, then the text, or each line to a handler.
/// On a thread of its own (<see cref="SshStreamThread"/>): SSH.NET's output stream only reads
/// synchronously, and its ReadAsync blocked a thread-pool thread for as long as the command ran.
/// </summary>
internal sealed class CommandOutput
{
    private readonly StringBuilder _text = new();
    private readonly TaskCompletionSource<int?> _group = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<string>? _onLine;

    private CommandOutput(Stream stream, Action<string>? onLine)
    {
        _onLine = onLine;
        Completed = SshStreamThread.Run(() => Read(stream));
    }

    /// <summary>Reads <paramref name="stream"/> in the background; with <paramref name="onLine"/>, each line goes there instead of the text.</summary>
    public static CommandOutput Read(Stream stream, Action<string>? onLine = null) => new(stream, onLine);

    /// <summary>Ends when the stream does (the channel closed, or was disposed).</summary>
    public Task Completed { get; }

    /// <summary>The process group's id once the command printed it; null if it ended (or was cut off) before.</summary>
    public Task<int?> ProcessGroup => _group.Task;

    public int? KnownProcessGroup => _group.Task.IsCompletedSuccessfully ? _group.Task.Result : null;

    public string Text
    {
        get { lock (_text) return _text.ToString(); }
    }

    private void Read(Stream stream)
    {
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
            // The first line is the group's id; after it, lines to the handler, or the text exactly as printed.
            var first = reader.ReadLine();
            if (first is null) return;
            if (first.StartsWith(NodeProcessScript.PidMarker, StringComparison.Ordinal)
                && int.TryParse(first.AsSpan(NodeProcessScript.PidMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                _group.TrySetResult(pid);
            }
            else if (_onLine is not null)
            {
                _onLine(first);
            }
            else
            {
                lock (_text) _text.Append(first).Append('\n');
            }
            if (_onLine is not null)
            {
                string? line;
                while ((line = reader.ReadLine()) is not null) _onLine(line);
                return;
            }
            var buffer = new char[4096];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
                lock (_text) _text.Append(buffer, 0, read);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException or Renci.SshNet.Common.SshException)
        {
            // The channel went away (disposed, connection lost): whatever was read is what there is.
        }
        finally
        {
            _group.TrySetResult(null);
        }
    }
}
