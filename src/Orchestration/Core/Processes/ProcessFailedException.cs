namespace Testbed.Orchestration.Processes;

/// <summary>An external tool exited non-zero or timed out; the message names it and ends with its output's tail.</summary>
public sealed class ProcessFailedException(string message) : Exception(message);
