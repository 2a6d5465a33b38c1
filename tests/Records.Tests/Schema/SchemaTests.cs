using System.Text.Json.Nodes;
using Testbed.Records.Checkpoints;

namespace Testbed.Records.Tests.Schema;

/// <summary>
/// The published schema says what the reader accepts: it takes every record our trainer writes
/// (its lines are RecordJson.Line's), and it agrees with the strict reader on which fields must be
/// present and which may be null.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class SchemaTests
{
    private static readonly DateTimeOffset Time = new(2026, 12, 5, 8, 15, 3, 123, TimeSpan.Zero);
    private static readonly string Hash = CheckpointFormat.WeightsHash(new float[] { 0.5f, -1.25f });

    public static TheoryData<string, string> TrainerLines => new()
    {
        { "epoch", RecordJson.Line(new EpochRecord(3, 12, 70, 15.02, 213.1, 150.2, 55.3, 7.6, 1234567, 1234567, 2.0778, 0.56, 0, 3, "w1-1", 1, Time)) },
        { "final of the chief",
            RecordJson.Line(new FinalRecord(12, 150.3, 1.42, 0.55, 0.81, Hash, 0, 3, "w1-1", 1, Time, Time.AddSeconds(-160), Time.AddSeconds(-158),
            Time.AddSeconds(-157.5), Time.AddSeconds(-2))) },
        { "final of another rank", RecordJson.Line(new FinalRecord(12, 150.3, 1.42, null, null, Hash, 2, 3, "w1-3", 1, Time)) },
        { "final of a resume that trained no step",
            RecordJson.Line(new FinalRecord(12, 0.2, null, 0.55, 0.81, Hash, 0, 1, "w1-1", 2, Time, Time, Time, null, null)) },
        { "loaded", RecordJson.Line(new LoadedRecord("/out/checkpoints/epoch-0012.ckpt", Hash, 0.55, 0.81, 0, 3, "w1-1", 1, Time)) },
    };

    [Theory]
    [MemberData(nameof(TrainerLines))]
    public void The_schema_accepts_what_our_trainer_writes(string what, string line)
    {
        Assert.True(RecordsSchema.Problems(line) == "", $"{what}: {RecordsSchema.Problems(line)}");
        Assert.Equal("", RecordsSchema.ReaderProblems(line));
    }

    [Fact]
    public void The_schema_accepts_every_record_of_the_analysis_fixtures()
    {
        var fixtures = Path.Combine(RepositoryRoot(), "tests", "Analysis.Tests", "Fixtures");
        var files = Directory.GetFiles(fixtures, "worker-*.jsonl", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var problems = files.SelectMany(f => File.ReadLines(f).Where(l => l.Length > 0).Select(l => (File: f, Problems: RecordsSchema.Problems(l))))
            .Where(p => p.Problems != "").Select(p => $"{p.File}: {p.Problems}").ToList();
        Assert.Empty(problems);
    }

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        var pairs = TrainerLines.Select(row => (string)row[1])
            .SelectMany(line => JsonNode.Parse(line)!.AsObject().Select(p => p.Key).Where(k => k != "type").Select(field => (line, field)));
        foreach (var (line, field) in pairs)
        {
            data.Add(line, field);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Schema_and_reader_agree_on_a_missing_field(string line, string field)
    {
        var record = JsonNode.Parse(line)!.AsObject();
        record.Remove(field);
        var text = record.ToJsonString();

        Assert.Equal(RecordsSchema.ReaderProblems(text) == "", RecordsSchema.Problems(text) == "");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Schema_and_reader_agree_on_a_null_field(string line, string field)
    {
        var record = JsonNode.Parse(line)!.AsObject();
        record[field] = null;
        var text = record.ToJsonString();

        Assert.Equal(RecordsSchema.ReaderProblems(text) == "", RecordsSchema.Problems(text) == "");
    }

    [Theory]
    [InlineData("""{"type":"epoch","epoch":1}""", "Required properties [\"epochs\",\"steps\"")]
    [InlineData("""{"type":"final","epochs":"twelve"}""", "/epochs")]
    [InlineData("""{"type":"epoch","epoch":1,"epochs":1,"steps":1,"seconds":1,"msPerStep":1,"computeMs":1,"allReduceMs":0,"otherMs":""" +
        """0,"bytesSent":0,"bytesReceived":0,"loss":1,"accuracy":1.5,"rank":0,"worldSize":1,"host":"h","threads":""" +
        """1,"timestampUtc":"2026-12-05T08:15:03.123Z"}""",
        "/accuracy")]
    [InlineData("""{"epoch":1}""", "Required properties [\"type\"]")]
    public void The_schema_refuses_what_breaks_the_contract(string line, string mention)
    {
        var problems = RecordsSchema.Problems(line);
        Assert.NotEqual("", problems);
        Assert.Contains(mention, problems);
    }

    [Fact]
    public void Records_of_other_types_pass_as_the_reader_skips_them()
    {
        const string line = """{"type":"throughput","imagesPerSecond":512.5}""";
        Assert.Equal("", RecordsSchema.Problems(line));
        Assert.Equal("", RecordsSchema.ReaderProblems(line));
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Testbed.slnx"))) return d.FullName;
        }

        throw new InvalidOperationException($"No Testbed.slnx above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
