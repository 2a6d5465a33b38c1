namespace Testbed.Orchestration.Experiments;

/// <summary>
/// What is wrong with an input, said so a person can fix it: where (file and field), what was
/// found, and what was expected.
/// </summary>
public sealed record ValidationError(string File, string Field, string Value, string Expected)
{
    public override string ToString() => $"{File}: {Field} is {Value}; expected {Expected}.";
}

/// <summary>Thrown with every error found, before any cluster work starts (the build exits 2).</summary>
public sealed class ExperimentValidationException(IReadOnlyList<ValidationError> errors)
    : Exception("The run's inputs are not valid:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
