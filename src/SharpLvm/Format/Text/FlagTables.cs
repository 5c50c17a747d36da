using SharpLvm.Model;

namespace SharpLvm.Format.Text;

/// <summary>The flag names of LVM2's flags.c, in the order LVM2 writes them.</summary>
internal static class FlagTables
{
    public static readonly (string Name, int Bit)[] VgStatusNames =
    [
        ("EXPORTED", (int)VgStatus.Exported), ("RESIZEABLE", (int)VgStatus.Resizeable), ("PVMOVE", (int)VgStatus.PvMove),
        ("READ", (int)VgStatus.Read), ("WRITE", (int)VgStatus.Write), ("CLUSTERED", (int)VgStatus.Clustered), ("SHARED", (int)VgStatus.Shared),
    ];

    public static readonly (string Name, int Bit)[] VgCompatNames =
    [
        ("WRITE_LOCKED", (int)VgCompatFlags.WriteLocked), ("NOAUTOACTIVATE", (int)VgCompatFlags.NoAutoActivate),
    ];

    public static readonly (string Name, int Bit)[] PvStatusNames =
    [
        ("ALLOCATABLE", (int)PvStatus.Allocatable), ("EXPORTED", (int)PvStatus.Exported), ("MISSING", (int)PvStatus.Missing),
    ];

    public static readonly (string Name, int Bit)[] PvCompatNames =
    [
        ("MISSING", (int)PvCompatFlags.Missing),
    ];

    public static readonly (string Name, int Bit)[] LvStatusNames =
    [
        ("READ", (int)LvStatus.Read), ("WRITE", (int)LvStatus.Write), ("FIXED_MINOR", (int)LvStatus.FixedMinor),
        ("VISIBLE", (int)LvStatus.Visible), ("PVMOVE", (int)LvStatus.PvMove), ("LOCKED", (int)LvStatus.Locked),
        ("NOTSYNCED", (int)LvStatus.NotSynced), ("REBUILD", (int)LvStatus.Rebuild), ("WRITEMOSTLY", (int)LvStatus.WriteMostly),
    ];

    public static readonly (string Name, int Bit)[] LvCompatNames =
    [
        ("WRITE_LOCKED", (int)LvCompatFlags.WriteLocked), ("ACTIVATION_SKIP", (int)LvCompatFlags.ActivationSkip),
        ("NOAUTOACTIVATE", (int)LvCompatFlags.NoAutoActivate), ("ERROR_WHEN_FULL", (int)LvCompatFlags.ErrorWhenFull),
        ("CACHE_VOL", (int)LvCompatFlags.CacheVol),
    ];

    /// <summary>The <c>["A", "B"]</c> text of the set bits in table order.</summary>
    public static string Format((string Name, int Bit)[] table, int value)
    {
        if (value == 0)
        {
            return "[]";
        }
        var sb = new System.Text.StringBuilder("[");
        bool first = true;
        foreach ((string name, int bit) in table)
        {
            if ((value & bit) == bit)
            {
                if (!first)
                {
                    sb.Append(", ");
                }
                sb.Append('"').Append(name).Append('"');
                first = false;
            }
        }
        return sb.Append(']').ToString();
    }

    /// <summary>The bit of a flag name, or 0 when the table has no such name.</summary>
    public static int Lookup((string Name, int Bit)[] table, string name)
    {
        foreach ((string n, int bit) in table)
        {
            if (n == name)
            {
                return bit;
            }
        }
        return 0;
    }
}
