namespace Testbed.Trainer.Distributed;

/// <summary>A peer died, went silent past the timeout, or broke the protocol: training cannot go on.</summary>
public sealed class PeerFailureException(string message, Exception? inner = null) : Exception(message, inner);
