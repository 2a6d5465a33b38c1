namespace Testbed.Trainer;

/// <summary>
/// Bad input from the user: a flag, a file or a checkpoint that is not what was expected.
/// The program exits with code 2 and prints the message, which must name the flag or file,
/// what was expected and what was found.
/// </summary>
public class InputException(string message) : Exception(message);
