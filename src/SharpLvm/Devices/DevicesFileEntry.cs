namespace SharpLvm.Devices;

/// <summary>
/// One device line of a devices file, as LVM2 writes it:
/// <c>IDTYPE=devname IDNAME=/dev/sdb DEVNAME=/dev/sdb PVID=... PART=1</c>.
/// SharpLvm lists image files with <c>IDTYPE=devname</c> and the file's path as IDNAME and DEVNAME.
/// </summary>
/// <param name="IdType">How the device is identified (devname, sys_wwid, sys_serial, …).</param>
/// <param name="IdName">The identifier of that type.</param>
/// <param name="DevName">The path the device had when last seen; may be null.</param>
/// <param name="Pvid">The PV uuid (32 characters, no dashes) or null when not a PV.</param>
/// <param name="Part">The partition number, or null.</param>
public sealed record DevicesFileEntry(string IdType, string IdName, string? DevName, string? Pvid, string? Part)
{
    public const string DevNameType = "devname";

    /// <summary>The path to open: DEVNAME when given, else IDNAME for the devname type.</summary>
    public string? Path => DevName ?? (IdType == DevNameType ? IdName : null);

    /// <summary>The line as LVM2 writes it.</summary>
    public string ToLine()
    {
        var parts = new List<string> { "IDTYPE=" + IdType, "IDNAME=" + IdName, "DEVNAME=" + (DevName ?? "."), "PVID=" + (Pvid ?? ".") };
        if (Part is not null)
        {
            parts.Add("PART=" + Part);
        }
        return string.Join(' ', parts);
    }
}
