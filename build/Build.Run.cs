using Testbed.BuildKit;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Reporting;
using Testbed.Orchestration.Results;
using Testbed.Orchestration.Running;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Experiments to run: names of files in experiments/ (thesis-single, thesis-dual, smoke).")]
    readonly string[] Experiments = ["thesis-single", "thesis-dual"];

    [Parameter("Measured repetitions of each scenario and mode (the thesis ran 5).")]
    readonly int Repetitions = 5;

    [Parameter("Warm-up repetitions per scenario and mode, recorded but flagged and never averaged.")]
    readonly int Warmups = 1;

    [Parameter("Epochs of a warm-up repetition (0: as many as a measured one).")]
    readonly int WarmupEpochs = 1;

    [Parameter("Modes to run, interleaved across repetitions.")]
    readonly Mode[] Modes = [Mode.Native, Mode.Container];

    [Parameter("Folder the run folders go to (relative to the repository).")]
    readonly string Results = "results";

    [Parameter("When a scenario asks for more CPU than the machine has: scale every share down (said aloud) or refuse.")]
    readonly CpuPolicy CpuPolicy = CpuPolicy.Scale;

    AbsolutePath ExperimentsDirectory => RootDirectory / "experiments";
    AbsolutePath ResultsDirectory => AbsolutePath.From(Path.Combine(RootDirectory, Results));

    RunPlan? _plan;
    readonly List<string> _planNotes = [];
    string? _lastRunFolder;

    Target ValidateExperiments => _ => _
        .Description("Checks the experiments and parameters, prints the planned work and its estimated duration; no cluster work.")
        .Executes(() =>
        {
            if (Repetitions < 1) throw new UsageException($"--repetitions is {Repetitions}; expected at least 1.");
            if (Warmups < 0) throw new UsageException($"--warmups is {Warmups}; expected 0 or more.");
            if (WarmupEpochs < 0) throw new UsageException($"--warmup-epochs is {WarmupEpochs}; expected 0 (full length) or more.");
            if (Modes.Length == 0 || Modes.Distinct().Count() != Modes.Length) throw new UsageException($"--modes is '{string.Join(",", Modes)}'; expected native, container or both, each once.");

            IReadOnlyList<Experiment> experiments;
            try
            {
                experiments = ExperimentLoader.Load(ExperimentsDirectory, Experiments, Environment.ProcessorCount)
                    .Select(e =>
                    {
                        var (fitted, note) = CpuBudget.Fit(e, Environment.ProcessorCount, CpuPolicy);
                        if (note is not null) _planNotes.Add(note);
                        return fitted;
                    }).ToList();
            }
            catch (ExperimentValidationException e)
            {
                throw new UsageException(e.Message);
            }
            _planNotes.ForEach(n => Reporter.Warn(n));

            _plan = RunPlan.Create(experiments, Modes, Repetitions, Warmups, WarmupEpochs == 0 ? null : WarmupEpochs);
            var estimate = new DurationEstimate();
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Scenario", "Workloads x workers", "CPU per worker", "Epochs x steps", "Repetitions", "Estimate");
            foreach (var experiment in experiments)
            {
                var repetitions = _plan.Repetitions.Where(r => r.Experiment == experiment).ToList();
                table.AddRow(experiment.Name,
                    string.Join(" + ", experiment.Workloads.Select(w => $"{w.Name}: {w.Workers}")),
                    string.Join(" / ", experiment.Workloads.Select(w => w.CpusPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                    string.Join(" / ", experiment.Workloads.Select(w => $"{w.Epochs}x{w.StepsPerEpoch}")),
                    $"{repetitions.Count(r => !r.IsWarmup)} + {repetitions.Count(r => r.IsWarmup)} warm-up",
                    PlainRunDisplay.Format(estimate.Of(repetitions)));
            }
            Console.Write(table);
            Reporter.Info($"{_plan.Repetitions.Count} repetitions in {string.Join(", ", Modes.Select(m => m.Name()))} mode, interleaved; rough estimate {PlainRunDisplay.Format(estimate.Of(_plan.Repetitions))} (refined as repetitions finish).");
        });

    Target RunScenario => _ => _
        .Description("Runs the --experiments' scenarios --repetitions times natively and in Swarm containers into a new results/<stamp>-<sha>/ folder.")
        .DependsOn(ValidateExperiments, Images)
        .Executes(async () =>
        {
            var plan = _plan!;
            var image = _image ?? throw new BuildFailedException("The Images target did not record an image.");
            var rootfs = RootfsBuilder.Locate(Recipe);
            using var engine = new DockerEngine();

            var started = DateTime.UtcNow;
            var git = await GitInfo.ReadAsync(RootDirectory, CancellationToken);
            var folder = RunFolder.CreateNew(ResultsDirectory, started, git.Sha);
            _lastRunFolder = folder.Directory;
            var manifest = new RunManifest
            {
                RunId = folder.RunId,
                StartedUtc = started,
                Git = git,
                Parameters = new Dictionary<string, object?>
                {
                    ["experiments"] = Experiments, ["repetitions"] = Repetitions, ["warmups"] = Warmups, ["warmupEpochs"] = WarmupEpochs,
                    ["modes"] = Modes.Select(m => m.Name()).ToArray(), ["cpuPolicy"] = CpuPolicy.ToString().ToLowerInvariant(),
                },
                Experiments = plan.Repetitions.Select(r => r.Experiment).Distinct().Select(e => new ExperimentEntry(e.Name, e.File, e.Sha256, e)).ToList(),
                Host = HostDescription.Read(await engine.VersionAsync(CancellationToken)),
                Rootfs = new RootfsEntry(rootfs.Hash, Orchestration.Images.ContentHash.Of(rootfs.Directory, [rootfs.PackageList])),
                Image = new ImageEntry(image.Id, image.Tag),
                TrainerVersion = $"{typeof(Build).Assembly.GetName().Version} (app layer {image.ContentHash})",
                Seeds = plan.Repetitions.SelectMany(r => r.Experiment.Workloads.Select(w => w.Seed)).Distinct().Order().ToList(),
                NativeAllotment = CpuCgroup.Describe(),
                Placement = "workers with 'nodes' are pinned on swarm nodes labelled testbed.node; otherwise (a one-node swarm) all workers share the node",
                Notes = [.. _planNotes],
            };
            Reporter.Info($"Results go to {folder.Directory}");

            var modes = new Dictionary<Mode, IExecutionMode>
            {
                [Mode.Native] = new NativeMode(rootfs, TrainerPublishDirectory, SessionsDirectory, Recipe.UserId),
                [Mode.Container] = new ContainerMode(engine, image.Tag, Recipe.UserId),
            };
            IRunDisplay display = Console.Profile.Capabilities.Interactive ? new LiveRunDisplay(Console) : new PlainRunDisplay(Console);
            await new ScenarioRunner(modes, display, TimeSpan.FromSeconds(1)).RunAsync(plan, folder, manifest, new DurationEstimate(), CancellationToken);

            var failed = manifest.Repetitions.Count(r => r.Status != "succeeded");
            Reporter.Info($"{manifest.Repetitions.Count} repetitions ran, {failed} failed; run folder {folder.Directory}");
            if (failed > 0)
                throw new BuildFailedException($"{failed} repetition(s) failed; their status.json files say why. The report (if planned) still shows the rest.");
        });

    Target RunAllScenarios => _ => _
        .Description("The whole experiment: provision, build images, run every scenario N times in both modes, then the report.")
        .DependsOn(RunScenario, Report);
}
