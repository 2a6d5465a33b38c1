using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Tests.Planning;

namespace Testbed.Orchestration.Tests.ForeignTrainers;

/// <summary>A foreign trainer exiting with 2 (bad input, by the launch contract) is named with its own last words; other failures are not refusals.</summary>
[Trait("Tier", "Unit")]
public sealed class ForeignTrainerRefusedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("foreign-refused-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static PlannedRepetition Repetition(bool foreign)
    {
        var scenario = RunPlanTests.Scenario("smoke-pytorch", workers: 2, cpus: 0.5) with { File = "experiments/smoke-pytorch.json" };
        var trainer = foreign
            ? new TrainerSpec { Kind = TrainerSpec.CommandKind, Runtime = Runtimes.PyTorch, Command = ["python3", "/opt/trainers/pytorch/thesis_cnn.py"] }
            : TrainerSpec.Default;
        return new PlannedRepetition(scenario with { Workloads = [scenario.Workloads[0] with { Trainer = trainer }] }, Mode.Native, 0, IsWarmup: false);
    }

    private Dictionary<string, IReadOnlyList<WorkerOutcome>> Outcomes(PlannedRepetition repetition, int exitCode)
    {
        var workload = repetition.Experiment.Workloads[0].Name;
        Directory.CreateDirectory(Path.Combine(_directory, workload));
        File.WriteAllLines(RunLayout.WorkerLog(Path.Combine(_directory, workload), 1),
            ["Traceback (most recent call last):", "bad input: --data /nowhere: found none of train-images-idx3-ubyte"]);
        return new() { [workload] = [new WorkerOutcome(0, "node-1", 1, "exited with code 1"), new WorkerOutcome(1, "node-2", exitCode, "exited")] };
    }

    [Fact]
    public void Exit_code_2_of_a_foreign_trainer_names_the_file_workload_rank_node_and_quotes_its_log()
    {
        var repetition = Repetition(foreign: true);
        var message = ForeignTrainerRefusedException.Of(repetition, _directory, Outcomes(repetition, 2));

        Assert.NotNull(message);
        Assert.StartsWith("experiments/smoke-pytorch.json: workloads[0].trainer (thesis_cnn.py " +
            "(pytorch)) refused its input: rank 1 on node-2 exited with code 2", message);
        Assert.Contains("bad input: --data /nowhere", message);
        Assert.Contains("no further repetition was run", message);
    }

    private void Records(PlannedRepetition repetition, params int[] ranks)
    {
        foreach (var rank in ranks)
            File.WriteAllText(RunLayout.WorkerRecords(Path.Combine(_directory, repetition.Experiment.Workloads[0].Name), rank), "{\"type\":\"epoch\"}\n");
    }

    [Fact]
    public void Other_exit_codes_after_the_first_record_and_our_trainer_are_not_refusals()
    {
        var foreign = Repetition(foreign: true);
        var outcomes = Outcomes(foreign, 1);
        Records(foreign, 0, 1);
        Assert.Null(ForeignTrainerRefusedException.Of(foreign, _directory, outcomes));
        var ours = Repetition(foreign: false);
        Assert.Null(ForeignTrainerRefusedException.Of(ours, _directory, Outcomes(ours, 2)));
    }

    [Fact]
    public void A_foreign_trainer_failing_before_its_first_record_stops_the_run_naming_the_failed_rank_not_the_one_stopped_after_it()
    {
        var repetition = Repetition(foreign: true);
        var workload = repetition.Experiment.Workloads[0].Name;
        Directory.CreateDirectory(Path.Combine(_directory, workload));
        File.WriteAllLines(RunLayout.WorkerLog(Path.Combine(_directory, workload), 1), ["ModuleNotFoundError: No module named 'torchvision'"]);
        var outcomes = new Dictionary<string, IReadOnlyList<WorkerOutcome>>
        {
            [workload] = [new WorkerOutcome(0, "node-1", 137, "killed"), new WorkerOutcome(1, "node-2", 1, "exited with code 1")],
        };

        var message = ForeignTrainerRefusedException.Of(repetition, _directory, outcomes);

        Assert.NotNull(message);
        Assert.Contains("failed at once: rank 1 on node-2 exited with code 1 before writing its first record", message);
        Assert.Contains("No module named 'torchvision'", message);
    }
}
