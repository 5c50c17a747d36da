using System.Globalization;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>
/// The sizes of the daemon concurrency test. The default is CI's short run; SHARPLVM_CONCURRENCY_DAEMON=W,C runs
/// W workers of C commands each (e.g. 8,60).
/// </summary>
internal static class ConcurrencyLayout
{
    public const int Vgs = 3;
    public const int PvsPerVg = 4;
    public const int OrphanPvs = 2;
    public const long PvBytes = 128L << 20;
    public const int IoLvMiB = 8;
    public const int Readers = 2;

    public static (int Workers, int Commands) Size
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("SHARPLVM_CONCURRENCY_DAEMON");
            if (text?.Split(',') is [var w, var c]
                && int.TryParse(w, CultureInfo.InvariantCulture, out int workers) && int.TryParse(c, CultureInfo.InvariantCulture, out int commands))
            {
                return (workers, commands);
            }
            return (4, 12);
        }
    }
}
