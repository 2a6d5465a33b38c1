namespace Testbed.Trainer;

/// <summary>
/// testbed-trainer's exit codes: 0 done, 2 bad input (a flag, file or checkpoint; the message names it,
/// see <see cref="InputException"/>), 1 runtime failure (a peer died or went silent, ...). In the trainer's
/// root namespace, beside InputException, so that the commands below the executable's entry point can
/// return them without using the entry point (which uses them).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;
    public const int BadInput = 2;
}
