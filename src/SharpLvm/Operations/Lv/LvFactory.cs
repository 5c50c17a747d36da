using System.Globalization;
using SharpLvm.Model;

namespace SharpLvm.Operations.Lv;

/// <summary>Makes new LVs as LVM2 does: a fresh id, <c>READ, WRITE</c> (+<c>VISIBLE</c>), creation time and host.</summary>
public sealed class LvFactory
{
    public LvFactory(TimeProvider? time = null, string? host = null, Random? random = null)
    {
        Time = time ?? TimeProvider.System;
        Host = host ?? Environment.MachineName;
        Random = random;
    }

    public TimeProvider Time { get; }

    public string Host { get; }

    /// <summary>Source of ids (null: cryptographic randomness).</summary>
    public Random? Random { get; }

    /// <summary>Creates an empty LV and appends it to the VG's list (LVM2 appends new LVs at the end).</summary>
    public LogicalVolume Create(VolumeGroup vg, LvName name, bool visible)
    {
        ArgumentNullException.ThrowIfNull(vg);
        var lv = new LogicalVolume(name, Random is null ? LvmUuid.NewRandom() : LvmUuid.NewRandom(Random))
        {
            Status = LvStatus.Read | LvStatus.Write | (visible ? LvStatus.Visible : LvStatus.None),
            CreationTime = Time.GetUtcNow().ToUnixTimeSeconds(),
            CreationHost = Host,
        };
        vg.LogicalVolumes.Add(lv);
        return lv;
    }

    /// <summary>LVM2's default name: <c>lvol</c> and the first number not in use.</summary>
    public static LvName DefaultName(VolumeGroup vg)
    {
        ArgumentNullException.ThrowIfNull(vg);
        for (int i = 0; ; i++)
        {
            string name = "lvol" + i.ToString(CultureInfo.InvariantCulture);
            if (vg.FindLv(name) is null)
            {
                return LvName.ParseInternal(name);
            }
        }
    }

    /// <summary>The first <c>&lt;lv&gt;_mimage_N</c> number not in use (LVM2 names the temporary layer with the same number).</summary>
    public static int FreeImageIndex(VolumeGroup vg, string lvName)
    {
        ArgumentNullException.ThrowIfNull(vg);
        for (int i = 0; ; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            if (vg.FindLv($"{lvName}_mimage_{n}") is null)
            {
                return i;
            }
        }
    }

    public static string ImageName(string lvName, int index) =>
        lvName + "_mimage_" + index.ToString(CultureInfo.InvariantCulture);
}
