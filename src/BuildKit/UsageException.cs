namespace Testbed.BuildKit;

/// <summary>
/// A mistake in how the build was called (unknown target or parameter, bad value, cycle).
/// The build prints the message and exits with code 2 before any target runs.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
