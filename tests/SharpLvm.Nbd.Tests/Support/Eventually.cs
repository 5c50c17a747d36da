namespace SharpLvm.Nbd.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until the condition holds or the time is up; returns the last result.</summary>
    public static bool True(Func<bool> condition, int timeoutMs = 10000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }
}
