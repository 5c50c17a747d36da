namespace SharpLvm.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("sharplvm: no commands yet");
        return args.Length == 0 ? 3 : 3;
    }
}
