using System.Globalization;
using BenchmarkDotNet.Running;

namespace SharpLvm.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["engine-ratios", .. var rest])
        {
            EngineRatios.Run(rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 15);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
