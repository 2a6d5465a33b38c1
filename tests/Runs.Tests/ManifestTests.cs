using System.Text.Json;

namespace Testbed.Runs.Tests;

[Trait("Tier", "Unit")]
public sealed class ManifestTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("testbed-contract-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    internal static RunManifest Sample() => new()
    {
        RunId = "20261129T100000Z-abcdef0",
        StartedUtc = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
        Git = new GitFacts("abcdef0123", true),
        Parameters = new RunParameters(["smoke"], 2, 1, 1, [Mode.Native, Mode.Container], CpuPolicy.Refuse),
        Experiments = [new ExperimentEntry("smoke", "experiments/smoke.json", "00ff", JsonSerializer.SerializeToElement(new { workers = 2 }))],
        Host = new HostDescription("cpu", 2, 1024, "6.1", "Debian 12", "20.10.24", "host"),
        Rootfs = new RootfsEntry("recipe", "packages"),
        Image = new ImageEntry("sha256:1", "testbed/trainer:1"),
        TrainerVersion = "0.1.0",
        Seeds = [7],
        Sampler = new SamplerEntry(1000, 0.1),
        NativeAllotment = "cfs",
        Placement = "one node",
        Repetitions = [new RepetitionEntry("smoke", Mode.Container, 0, true, RepetitionOutcome.Failed, RunLayout.RepetitionPath("smoke", Mode.Container, 0),
            12.5)],
    };

    [Fact]
    public void A_written_manifest_reads_back_equal_with_modes_and_outcomes_as_words()
    {
        var manifest = Sample();
        manifest.Write(_run);

        var read = RunManifest.Read(_run);
        var text = File.ReadAllText(Path.Combine(_run, RunLayout.ManifestFile));

        Assert.Equal(manifest.RunId, read.RunId);
        Assert.Equal(manifest.Parameters.Modes, read.Parameters.Modes);
        Assert.Equal(CpuPolicy.Refuse, read.Parameters.CpuPolicy);
        Assert.Equal(manifest.Repetitions, read.Repetitions);
        Assert.Contains("\"modes\": [\n      \"native\",\n      \"container\"\n    ]", text);
        Assert.Contains("\"status\": \"failed\"", text);
        Assert.Contains("\"path\": \"runs/smoke/container/rep-0\"", text);
    }

    [Fact]
    public void What_decides_the_same_CPU_reads_back_and_older_manifests_without_it_still_read()
    {
        var cpu = new CpuEntry("AMD EPYC", "AuthenticAMD", ["sse2", "avx2", "fma"], "x86-64-v3 AuthenticAMD");
        var manifest = Sample() with
        {
            Host = Sample().Host with { Cpu = cpu },
            Experiments = [Sample().Experiments[0] with { Threads = new Dictionary<string, int> { ["smoke"] = 1 } }],
        };
        manifest.Write(_run);

        var read = RunManifest.Read(_run);
        // As written before these fields existed: not null, absent.
        var before = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Sample(), RunJson.Options))!;
        before["host"]!.AsObject().Remove("cpu");
        before["experiments"]![0]!.AsObject().Remove("threads");
        File.WriteAllText(Path.Combine(_run, RunLayout.ManifestFile), before.ToJsonString());
        var older = RunManifest.Read(_run);

        Assert.Equal(cpu.Class, read.Host.Cpu!.Class);
        Assert.Equal(cpu.InstructionSets, read.Host.Cpu.InstructionSets);
        Assert.Equal(1, read.Experiments[0].Threads!["smoke"]);
        Assert.Null(older.Host.Cpu);
        Assert.Null(older.Experiments[0].Threads);
    }

    [Fact]
    public void The_precision_asked_for_and_got_reads_back_and_older_manifests_without_it_still_read()
    {
        var precision = new PrecisionEntry(75, "the experiments' timeBudgetMinutes (a 30 + b 45)", 5, 50,
            [new ScenarioPrecisionEntry("smoke", 3, true, 9) { Pairs = 9, HalfWidthPercent = 2.7, Stop = PrecisionStop.Met,
                Detail = "smoke: ±2.7 % after 9 pairs, target ±3 %: met after 9 rounds" }]);
        var manifest = Sample() with
        {
            Parameters = Sample().Parameters with { Precision = 3, TimeBudgetMinutes = 75 },
            Precision = precision,
        };
        manifest.Write(_run);

        var read = RunManifest.Read(_run);
        var text = File.ReadAllText(Path.Combine(_run, RunLayout.ManifestFile));
        var before = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Sample(), RunJson.Options))!;
        before.AsObject().Remove("precision");
        before["parameters"]!.AsObject().Remove("precision");
        before["parameters"]!.AsObject().Remove("timeBudgetMinutes");
        File.WriteAllText(Path.Combine(_run, RunLayout.ManifestFile), before.ToJsonString());
        var older = RunManifest.Read(_run);

        Assert.Equal((3.0, 75.0), (read.Parameters.Precision!.Value, read.Parameters.TimeBudgetMinutes!.Value));
        Assert.Equal(precision.Scenarios, read.Precision!.Scenarios);
        Assert.Equal((75.0, 5, 50), (read.Precision.BudgetMinutes!.Value, read.Precision.MinimumRounds, read.Precision.RoundLimit));
        Assert.Contains("\"stop\": \"met\"", text);
        Assert.Null(older.Precision);
        Assert.Null(older.Parameters.Precision);
    }

    [Fact]
    public void A_manifest_from_a_newer_schema_is_refused_with_both_versions_named()
    {
        File.WriteAllText(Path.Combine(_run, RunLayout.ManifestFile), """{"schemaVersion": 7, "runId": "x"}""");

        var error = Assert.Throws<RunFormatException>(() => RunManifest.Read(_run));

        Assert.Contains("schemaVersion is 7", error.Message);
        Assert.Contains($"reads up to {RunManifest.CurrentSchemaVersion}", error.Message);
    }

    [Theory]
    [InlineData("""{"runId": "x"}""", "schemaVersion")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"schemaVersion": 1, "runId": "x"}""", "missing required properties")]
    [InlineData("""{"schemaVersion": 1""", "expected JSON")]
    public void A_malformed_manifest_names_the_file_and_what_is_wrong(string json, string expected)
    {
        File.WriteAllText(Path.Combine(_run, RunLayout.ManifestFile), json);

        var error = Assert.Throws<RunFormatException>(() => RunManifest.Read(_run));

        Assert.Contains(RunLayout.ManifestFile, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_mode_the_contract_does_not_know_is_an_error_naming_it()
    {
        var text = JsonSerializer.Serialize(Sample(), RunJson.Options).Replace("\"native\"", "\"vm\"");
        File.WriteAllText(Path.Combine(_run, RunLayout.ManifestFile), text);

        var error = Assert.Throws<RunFormatException>(() => RunManifest.Read(_run));

        Assert.Contains("'vm'", error.Message);
    }
}
