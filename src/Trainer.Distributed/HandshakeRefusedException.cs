namespace Testbed.Trainer.Distributed;

/// <summary>A peer is not part of this job (wrong token, job id or world size): configuration, not a transient failure.</summary>
public sealed class HandshakeRefusedException(string message) : InputException(message);
