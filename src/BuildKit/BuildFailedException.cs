namespace Testbed.BuildKit;

/// <summary>
/// An expected failure inside a target (a tool exited non-zero, a precondition is not met).
/// Only the message is shown, without a stack trace: it must say what was expected, what was
/// found and what to do.
/// </summary>
public class BuildFailedException(string message, Exception? inner = null) : Exception(message, inner);
