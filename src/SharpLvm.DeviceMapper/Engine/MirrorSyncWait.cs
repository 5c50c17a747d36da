using System.Globalization;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// <see cref="IDeviceHost.WaitForSync"/> over the engine: waits in short slices and reports the mirrors'
/// (in-sync, total) regions read from their status lines ("&lt;#legs&gt; &lt;devs&gt; &lt;sync&gt;/&lt;regions&gt; ...").
/// </summary>
public static class MirrorSyncWait
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits as <see cref="IDeviceHost.WaitForSync"/>; <paramref name="abandon"/>, checked between slices, ends the wait early (false).</summary>
    public static bool WaitForSync(UserspaceDeviceMapper engine, DmName name, TimeSpan timeout, Action<ulong, ulong>? progress,
        Func<bool>? abandon = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var deadline = DateTime.UtcNow + timeout;
        (ulong, ulong)? reported = null;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            bool done = engine.WaitForSync(name, left < Slice ? (left < TimeSpan.Zero ? TimeSpan.Zero : left) : Slice);
            if (progress is not null)
            {
                var now = Progress(engine.GetStatus(name));
                if (now != reported || done)
                {
                    progress(now.InSync, now.Total);
                    reported = now;
                }
            }
            if (done)
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline || abandon?.Invoke() == true)
            {
                return false;
            }
        }
    }

    /// <summary>The sum of in-sync and total regions over the mirror lines of a status.</summary>
    public static (ulong InSync, ulong Total) Progress(IEnumerable<string> statusLines)
    {
        ArgumentNullException.ThrowIfNull(statusLines);
        ulong inSync = 0, total = 0;
        foreach (string line in statusLines)
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || f[2] != "mirror" || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int legs)
                || f.Length <= 4 + legs)
            {
                continue;
            }
            string[] ratio = f[4 + legs].Split('/');
            if (ratio.Length == 2
                && ulong.TryParse(ratio[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong a)
                && ulong.TryParse(ratio[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong b))
            {
                inSync += a;
                total += b;
            }
        }
        return (inSync, total);
    }
}
