namespace Testbed.Trainer;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("testbed-trainer: not implemented yet");
        return 2;
    }
}
