using Testbed.Orchestration.Recovery;

namespace Testbed.Orchestration.Tests.Recovery;

[Trait("Tier", "Unit")]
public sealed class WorkerLogTailTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("testbed-logtail-").FullName;

    [Fact]
    public void A_status_keeps_the_last_twenty_lines_blank_ones_included()
    {
        var log = Write(Enumerable.Range(1, 30).Select(i => i % 5 == 0 ? "" : $"line {i}"));

        var tail = WorkerLogTail.Read(log);

        Assert.Equal(WorkerLogTail.StatusLines, tail.Count);
        Assert.Equal("line 11", tail[0]);
        Assert.Equal("", tail[^1]);
    }

    [Fact]
    public void A_message_quotes_only_what_the_worker_said()
    {
        var log = Write(["import torch", "ModuleNotFoundError: torch", "  ", ""]);

        Assert.Equal(["import torch", "ModuleNotFoundError: torch"], WorkerLogTail.Read(log, lines: 8, skipBlank: true));
    }

    [Fact]
    public void A_worker_that_never_wrote_its_log_has_no_tail() =>
        Assert.Empty(WorkerLogTail.Read(Path.Combine(_folder, "never-written.log")));

    private string Write(IEnumerable<string> lines)
    {
        var path = Path.Combine(_folder, "worker.log");
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
