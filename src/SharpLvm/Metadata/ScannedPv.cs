using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Metadata;

/// <summary>One metadata area of a PV as found on disk: where it is and how much of it the committed copy uses.</summary>
/// <param name="Start">Byte offset of the area's header on the device.</param>
/// <param name="Size">Size of the whole area in bytes, header included.</param>
/// <param name="CommittedTextSize">Bytes of the committed copy (slot 0) including its NUL; 0 when empty.</param>
/// <param name="Ignored">The area is marked ignored (<c>pvchange --metadataignore</c>).</param>
public sealed record MdaInfo(ulong Start, ulong Size, ulong CommittedTextSize, bool Ignored)
{
    private const ulong HeaderSize = 512;

    /// <summary>Free space in sectors as LVM2 reports it: half the ring less a sector, less the current copy.</summary>
    public ulong FreeSectors
    {
        get
        {
            ulong max = (Size - HeaderSize) / 2 - 512;
            return CommittedTextSize >= max ? 0 : (max - CommittedTextSize) >> 9;
        }
    }

    public ulong SizeSectors => Size >> 9;

    /// <summary>Slot 1 names a precommitted copy that was never committed (a commit stopped halfway).</summary>
    public bool UncommittedPrecommit { get; init; }
}

/// <summary>A device that carries an LVM2 label: what the label, PV header and metadata areas say.</summary>
/// <param name="Path">The device path as the user named it.</param>
/// <param name="DevSize">The device's size as seen now.</param>
/// <param name="PvId">The PV uuid (32 characters, no dashes).</param>
/// <param name="PeStart">Start of the data area in sectors (from the PV header).</param>
/// <param name="Mdas">The metadata areas in header order.</param>
/// <param name="VgName">The VG named by the newest metadata found on this device, or null (orphan).</param>
public sealed record ScannedPv(string Path, Sectors DevSize, string PvId, Sectors PeStart, IReadOnlyList<MdaInfo> Mdas, string? VgName)
{
    /// <summary>The PV header extension's PV_EXT_USED flag (set on every PV of a VG).</summary>
    public bool InVg { get; init; } = true;
}
