using System.Text;
using Testbed.Records;

namespace Testbed.Trainer.Training;

/// <summary>
/// Appends records as JSON Lines in the shared contract's exact text (<see cref="RecordJson"/>),
/// flushed per line so a crashed worker's file still holds every finished epoch.
/// </summary>
public sealed class RecordWriter : IDisposable
{
    private readonly StreamWriter? _writer;

    public RecordWriter(string? path)
    {
        if (path is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(path, append: true, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public void Write(EpochRecord record) => WriteLine(RecordJson.Line(record));

    public void Write(FinalRecord record) => WriteLine(RecordJson.Line(record));

    public void Write(LoadedRecord record) => WriteLine(RecordJson.Line(record));

    private void WriteLine(string line)
    {
        if (_writer is null)
        {
            return;
        }

        _writer.WriteLine(line);
        _writer.Flush();
    }

    public void Dispose() => _writer?.Dispose();
}
