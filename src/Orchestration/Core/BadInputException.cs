namespace Testbed.Orchestration;

/// <summary>
/// Input a person must fix (a parameter, a file, a key), as a front door reports it to the build:
/// the build turns it into exit code 2 with <see cref="Exception.Message"/> alone. Each layer's own
/// exception (experiment, cluster, mirror, foreign trainer) stays the inner one, so the build
/// names one exception type rather than one per layer.
/// </summary>
public sealed class BadInputException(string message, Exception? inner = null) : Exception(message, inner);
