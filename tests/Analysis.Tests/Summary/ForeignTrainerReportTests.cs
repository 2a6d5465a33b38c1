using Testbed.Analysis.Checks;
using Testbed.Analysis.Reporting;
using Testbed.Analysis.Run;
using Testbed.Analysis.Summary;
using Testbed.Analysis.Tests.Checks;

namespace Testbed.Analysis.Tests.Summary;

/// <summary>A workload's trainer in the report (issue 25): named per workload, and for one without records, what it lacks.</summary>
[Trait("Tier", "Unit")]
public sealed class ForeignTrainerReportTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("foreign-report-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public void A_trainer_without_records_still_has_start_to_exit_times_and_an_overhead_and_its_step_figures_are_missing_not_zero()
    {
        var run = RunSummary.Of(new CheckRunBuilder { TrainerName = "train.py (pytorch)", WritesRecords = false }.Load(_results));
        var workload = run.Scenarios.Single().Workloads.Single();

        Assert.Equal(("train.py (pytorch)", false), (workload.Trainer.Name, workload.Trainer.WritesRecords));
        Assert.Equal(5, workload.TrainingSeconds.Native!.N);
        Assert.True(workload.TrainingSeconds.Native.Mean > 6, $"start to exit is {workload.TrainingSeconds.Native.Mean} s");
        Assert.NotNull(workload.Overhead);
        Assert.Null(workload.StepSplit.Native);
        Assert.Empty(workload.StepResponse);
        Assert.NotNull(run.Scenarios.Single().Overhead);
    }

    [Fact]
    public void The_headline_names_the_trainer_and_says_which_figures_it_lacks_and_a_table_puts_trainers_side_by_side()
    {
        var run = RunSummary.Of(new CheckRunBuilder { TrainerName = "train.py (pytorch)", WritesRecords = false }.Load(_results));
        var sections = ReportLayout.Sections(run);
        var headline = sections.Single(s => s.Title == "Headline");
        var sentences = headline.Blocks.OfType<ParagraphBlock>().Select(p => p.Text).ToList();
        Assert.Contains(sentences, t => t.StartsWith("s/w1 trained by train.py (pytorch): containers", StringComparison.Ordinal) && t.Contains("start to exit")
            && t.Contains("weights hash"));

        var table = sections.Single(s => s.Title == "Overhead per trainer").Blocks.OfType<TableBlock>().Single().Table;
        var row = Assert.Single(table.Rows());
        Assert.Equal("train.py (pytorch)", row[0]);
        Assert.Equal("–", row[8]); // ms/step native: missing, not 0
        Assert.Contains("loss", row[10]);
    }

    [Fact]
    public void A_run_of_our_trainer_alone_has_no_per_trainer_section()
    {
        var run = RunSummary.Of(new CheckRunBuilder().Load(_results));
        Assert.Equal("testbed", run.Scenarios.Single().Workloads.Single().Trainer.Name);
        Assert.DoesNotContain(ReportLayout.Sections(run), s => s.Title == "Overhead per trainer");
    }

    [Fact]
    public void A_foreign_trainers_record_that_breaks_the_contract_is_named_by_file_and_line_not_a_crash()
    {
        var folder = new CheckRunBuilder { TrainerName = "train.py (pytorch)" }.Write(_results);
        var records = Directory.GetFiles(folder, "worker-1.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var lines = File.ReadAllLines(records);
        lines[1] = lines[1].Replace("\"msPerStep\":", "\"msPerStep\":\"fast\",\"x\":", StringComparison.Ordinal);
        File.WriteAllLines(records, lines);

        var error = Assert.Throws<Testbed.Runs.RunFormatException>(() => Testbed.Analysis.Results.RunFolder.Load(folder));
        Assert.Equal(records, error.FilePath);
        Assert.Contains("line 2", error.Problem);
    }
}
