namespace Testbed.Orchestration.Experiments;

/// <summary>The rules a workload's <c>trainer</c> must meet: a known kind and runtime, a command exactly when foreign, known placeholders.</summary>
internal static class TrainerValidator
{
    public static void Check(TrainerSpec? trainer, string field, string file, List<ValidationError> errors)
    {
        void Add(string at, string value, string expected) => errors.Add(new ValidationError(file, at, value, expected));
        if (trainer is null)
        {
            Add(field, "null",
                $"an object such as {{ \"kind\": \"{TrainerSpec.CommandKind}\", \"runtime\": " +
                $"\"{Runtimes.PyTorch}\", \"command\": [...] }}, or no trainer field for ours");
            return;
        }
        var kinds = $"'{TrainerSpec.Ours}' (ours, the default) or '{TrainerSpec.CommandKind}' (a program launched the torchrun way)";
        if (trainer.Kind is not (TrainerSpec.Ours or TrainerSpec.CommandKind)) Add(field + ".kind", Quote(trainer.Kind), kinds);
        if (trainer.Runtime is { } runtime && !Runtimes.Known.Contains(runtime))
            Add(field + ".runtime", Quote(runtime), $"one of {string.Join(", ", Runtimes.Known)} (the runtime root filesystems the pipeline builds)");
        if (trainer.Progress is not (TrainerSpec.RecordsProgress or TrainerSpec.NoProgress))
        {
            Add(field + ".progress", Quote(trainer.Progress),
                $"'{TrainerSpec.RecordsProgress}' (worker-<rank>.jsonl per schemas/worker-records.schema.json) " +
                $"or '{TrainerSpec.NoProgress}' (start-to-exit timings only)");
        }

        if (trainer.Kind == TrainerSpec.Ours)
        {
            if (trainer.Command is not null)
            {
                Add(field + ".command", "set",
                    $"no command for kind '{TrainerSpec.Ours}' (our trainer's flags come from the workload); kind '{TrainerSpec.CommandKind}' runs a command");
            }
            if (trainer.Runtime is { } r && r != Runtimes.TorchSharp)
            {
                Add(field + ".runtime", Quote(r), $"'{Runtimes.TorchSharp}' for kind '{TrainerSpec.Ours}' (our trainer is TorchSharp)");
            }
            if (trainer.Progress != TrainerSpec.RecordsProgress)
            {
                Add(field + ".progress", Quote(trainer.Progress),
                    $"'{TrainerSpec.RecordsProgress}' for kind '{TrainerSpec.Ours}' (our trainer always writes them)");
            }
            return;
        }
        if (trainer.Kind != TrainerSpec.CommandKind) return;
        if (trainer.Runtime is null)
            Add(field + ".runtime", "missing", $"the runtime the command needs: one of {string.Join(", ", Runtimes.Known)}");
        if (trainer.Command is not { Count: > 0 } command || string.IsNullOrWhiteSpace(command[0]))
        {
            Add(field + ".command", trainer.Command is null ? "missing" : "empty",
                $"the program and its arguments, e.g. [\"python3\", \"{Runtimes.TrainersDirectory}/pytorch/thesis_cnn.py\", \"--out\", \"{{out}}\"]");
            return;
        }
        for (var i = 0; i < command.Count; i++)
        {
            if (command[i] is null)
            {
                Add($"{field}.command[{i}]", "null", "a string");
                continue;
            }
            foreach (var unknown in CommandPlaceholders.Unknown(command[i]).Distinct())
            {
                Add($"{field}.command[{i}]", Quote(command[i]),
                    $"placeholders among {string.Join(", ", CommandPlaceholders.Names.Select(n => "{" + n + "}"))}; '{{{unknown}}}' is none of them");
            }
        }
    }

    private static string Quote(string? value) => value is null ? "missing" : $"'{value}'";
}
