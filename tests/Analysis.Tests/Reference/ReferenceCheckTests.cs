using Testbed.Analysis.Reference;
using Testbed.Analysis.Results;
using Testbed.Analysis.Tests.Support;

namespace Testbed.Analysis.Tests.Reference;

/// <summary>The reference check: hashes where the CPU class has an entry, the loss curve within tolerance where it has none.</summary>
[Trait("Tier", "Unit")]
public sealed class ReferenceCheckTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly RunFolderBuilder Run = new() { Repetitions = 1 };

    public void Dispose() => _temp.Dispose();

    private string ReferencePath => Path.Combine(_temp.Path, "reference", "repro.json");

    private RunFolder Write(RunFolderBuilder run) => RunFolder.Load(run.Write(Path.Combine(_temp.Path, "results")));

    private static ReferenceEntry Entry(RunFolderBuilder run, string? hash = null) =>
        new(run.Cpu.Class, run.Threads, "test", [new ReferenceWorkload("w1", hash ?? run.Hash, 0.61, run.Loss, [0.1, 0.2, 0.3])]);

    private void Reference(params ReferenceEntry[] entries) => new ReferenceFile("repro", "experiment-a", 0.001, entries).Save(ReferencePath);

    [Fact]
    public void The_same_hash_as_the_entry_for_this_cpu_class_and_threads_passes()
    {
        Reference(Entry(Run));

        var result = ReferenceCheck.Check(Write(Run), ReferencePath, update: false);

        Assert.True(result.Passed, string.Join("\n", result.Lines));
        Assert.Contains("in both modes, as the reference for x86-64-v4 AuthenticAMD, 1 thread per worker has it", Assert.Single(result.Lines));
        Assert.Null(result.EntryToAdd);
    }

    [Fact]
    public void Another_hash_on_the_same_cpu_class_fails_and_names_both_and_the_loss_curve()
    {
        Reference(Entry(Run, hash: "sha256:recorded-elsewhere"));

        var result = ReferenceCheck.Check(Write(Run with { LearningRate = 0.02 }), ReferencePath, update: false);

        Assert.False(result.Passed);
        var line = Assert.Single(result.Lines);
        Assert.Contains("has sha256:recorded-elsewh", line);
        Assert.Contains("the loss curve differs (largest difference", line);
    }

    [Fact]
    public void A_cpu_class_without_an_entry_passes_on_a_loss_curve_within_tolerance_and_prints_the_entry_to_add()
    {
        Reference(Entry(Run));
        var haswell = Run with { Cpu = RunFolderBuilder.Haswell };

        var result = ReferenceCheck.Check(Write(haswell), ReferencePath, update: false);

        Assert.True(result.Passed, string.Join("\n", result.Lines));
        Assert.StartsWith("No entry for x86-64-v3 GenuineIntel, 1 thread per worker: loss curves held against x86-64-v4 AuthenticAMD", result.Lines[0]);
        Assert.Contains("within 0.1 % per epoch", result.Lines[0]);
        Assert.Equal("x86-64-v3 GenuineIntel", result.EntryToAdd!.CpuClass);
        Assert.Contains("\"cpuClass\": \"x86-64-v3 GenuineIntel\"", result.Lines[^1]);
        Assert.Contains(haswell.Hash, result.Lines[^1]);
    }

    [Fact]
    public void A_cpu_class_without_an_entry_fails_on_a_loss_curve_outside_tolerance()
    {
        Reference(Entry(Run));

        var result = ReferenceCheck.Check(Write(Run with { Cpu = RunFolderBuilder.Haswell, LearningRate = 0.011 }), ReferencePath, update: false);

        Assert.False(result.Passed);
        Assert.Contains(result.Lines, l => l.StartsWith("w1: OUTSIDE the tolerance (largest difference", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_recorded_for_another_experiment_file_is_stale_and_says_how_to_renew_it()
    {
        Reference(Entry(Run));

        var result = ReferenceCheck.Check(Write(Run with { ExperimentSha256 = "experiment-b" }), ReferencePath, update: false);

        Assert.False(result.Passed);
        Assert.Contains("was recorded for another experiments/repro.json (SHA-256 experiment-a, now experiment-b)", Assert.Single(result.Lines));
        Assert.Contains("--update-reference", result.Lines[0]);
    }

    [Fact]
    public void Update_writes_this_machine_s_entry_replacing_only_its_own_key()
    {
        var other = Entry(Run with { Cpu = RunFolderBuilder.Haswell });
        Reference(Entry(Run, hash: "sha256:old"), other);

        var result = ReferenceCheck.Check(Write(Run), ReferencePath, update: true);

        Assert.True(result.Passed);
        Assert.StartsWith("Replaced the entry for x86-64-v4 AuthenticAMD, 1 thread per worker", result.Lines[0]);
        var written = ReferenceFile.Load(ReferencePath);
        Assert.Equal(Run.Hash, written.Find("x86-64-v4 AuthenticAMD", 1)!.Workloads[0].WeightsHash);
        Assert.Equal(other.Workloads[0].WeightsHash, written.Find("x86-64-v3 GenuineIntel", 1)!.Workloads[0].WeightsHash);
        Assert.Equal(Run.Loss, written.Find("x86-64-v4 AuthenticAMD", 1)!.Workloads[0].Loss);
    }

    [Fact]
    public void Update_for_a_changed_experiment_drops_the_entries_of_the_old_one()
    {
        Reference(Entry(Run with { Cpu = RunFolderBuilder.Haswell }));

        var result = ReferenceCheck.Check(Write(Run with { ExperimentSha256 = "experiment-b" }), ReferencePath, update: true);

        var written = ReferenceFile.Load(ReferencePath);
        Assert.Contains("1 entries of an older repro.json dropped", result.Lines[0]);
        Assert.Equal("experiment-b", written.ExperimentSha256);
        Assert.Equal("x86-64-v4 AuthenticAMD", Assert.Single(written.Entries).CpuClass);
    }

    [Fact]
    public void Lookup_is_by_cpu_class_and_threads_and_the_nearest_entry_shares_the_thread_count()
    {
        var two = Entry(Run with { Threads = 2 });
        var reference = new ReferenceFile("repro", "x", 0.001, [two, Entry(Run with { Cpu = RunFolderBuilder.Haswell })]);

        Assert.Same(two, reference.Find("x86-64-v4 AuthenticAMD", 2));
        Assert.Null(reference.Find("x86-64-v4 AuthenticAMD", 1));
        Assert.Equal("x86-64-v3 GenuineIntel", reference.Nearest(1)!.CpuClass);
        Assert.Same(two, reference.Nearest(2));
        Assert.Same(two, reference.Nearest(4));
    }

    [Fact]
    public void A_run_whose_modes_disagree_cannot_be_checked_or_recorded()
    {
        Reference(Entry(Run));

        var result = ReferenceCheck.Check(Write(Run with { ContainerHashOverride = "sha256:other" }), ReferencePath, update: true);

        Assert.False(result.Passed);
        Assert.Contains("does not agree with itself", Assert.Single(result.Lines));
        Assert.Contains("w1: 2 different weights hashes", result.Lines[0]);
        Assert.Equal(Run.Hash, ReferenceFile.Load(ReferencePath).Entries[0].Workloads[0].WeightsHash);
    }

    [Theory]
    [InlineData("""{"experiment": "repro", "experimentSha256": "a", "lossTolerance": 0, "entries": []}""",
        "lossTolerance is 0; expected a fraction above 0 and below 1")]
    [InlineData("""{"experiment": "repro", "experimentSha256": "a", "lossTolerance": 0.01}""", "missing required properties")]
    [InlineData("""
        {"experiment": "repro", "experimentSha256": "a", "lossTolerance": 0.01, "entries": [
          {"cpuClass": "c", "threads": 1, "recordedOn": "x", "workloads": []}, {"cpuClass": "c", "threads": 1, "recordedOn": "y", "workloads": []}]}
        """, "cpuClass 'c' with 1 thread(s) 2 times")]
    public void A_malformed_reference_names_the_file_and_the_rule(string json, string expected)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ReferencePath)!);
        File.WriteAllText(ReferencePath, json);

        var error = Assert.Throws<RunFormatException>(() => ReferenceFile.Load(ReferencePath));

        Assert.Equal(ReferencePath, error.FilePath);
        Assert.Contains(expected, error.Message);
    }
}
