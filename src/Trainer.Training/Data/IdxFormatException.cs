namespace Testbed.Trainer.Data;

/// <summary>An IDX file that is truncated, has the wrong magic number or disagrees with its partner file.</summary>
public sealed class IdxFormatException(string message) : InputException(message);
