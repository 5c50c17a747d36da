using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.Format.Disk;

/// <summary>
/// One metadata area on one device, with LVM2's write/commit protocol: the new text goes after the
/// committed copy (never over it), then slot 1 (precommit) points at it, then the commit moves it to
/// slot 0 and clears slot 1. A crash at any point leaves slot 0 pointing at an intact copy.
/// An ignored area (RAW_LOCN_IGNORED on slot 0) holds no text: writes and commits leave it alone.
/// </summary>
public sealed class MetadataArea
{
    private RawLocation? _pending;

    public MetadataArea(IBlockDevice device, int index, DiskLocation location)
    {
        Device = device;
        Index = index;
        Location = location;
    }

    public IBlockDevice Device { get; }

    /// <summary>0 for the area at the start of the device, 1 for the one at the end.</summary>
    public int Index { get; }

    public DiskLocation Location { get; }

    /// <summary>The location written by <see cref="WriteText"/> and not yet committed or reverted.</summary>
    public RawLocation? Pending => _pending;

    public MdaHeader ReadHeader() => MdaHeader.Read(Device, Location);

    public bool IsIgnored => ReadHeader().Committed.IsIgnored;

    /// <summary>The largest text (without its NUL) this area accepts.</summary>
    public ulong MaxTextSize => MetadataRing.MaxTextSize(Location.Size) - 1;

    /// <summary>The committed copy (slot 0), or null when the area holds none or is ignored.</summary>
    public MetadataCopy? ReadCommitted()
    {
        var header = ReadHeader();
        return header.Committed.IsIgnored || header.Committed.IsEmpty ? null : ReadCopy(header.Committed, MdaHeader.Slot0Offset);
    }

    /// <summary>The precommitted copy (slot 1) when one is pending, otherwise the committed one.</summary>
    public MetadataCopy? ReadPrecommitted()
    {
        var header = ReadHeader();
        if (header.Committed.IsIgnored)
        {
            return null;
        }
        var slot1 = header.Precommitted;
        if (slot1.Size != 0 && slot1.Offset != header.Committed.Offset)
        {
            return ReadCopy(slot1, MdaHeader.Slot1Offset);
        }
        return header.Committed.IsEmpty ? null : ReadCopy(header.Committed, MdaHeader.Slot0Offset);
    }

    private MetadataCopy ReadCopy(RawLocation location, int slotOffset) =>
        MetadataCopy.FromRaw(Device.Name, Index, Location.Offset, location,
            MetadataRing.Read(Device, Location, location, Location.Offset + (ulong)slotOffset));

    /// <summary>
    /// Writes <paramref name="text"/> (a NUL is appended when missing) after the committed copy and keeps
    /// its location in memory; nothing points at it on disk yet. Returns that location (null when ignored).
    /// </summary>
    public RawLocation? WriteText(ReadOnlySpan<byte> text)
    {
        var header = ReadHeader();
        if (header.Committed.IsIgnored)
        {
            _pending = null;
            return null;
        }
        if (!header.Committed.IsEmpty)
        {
            MetadataRing.CheckInside(Device.Name, Location, header.Committed, Location.Offset + MdaHeader.Slot0Offset);
        }
        byte[] withNul = WithNul(text);
        var planned = MetadataRing.Plan(Device, Location, header.Committed, withNul);
        MetadataRing.Write(Device, Location, planned, withNul);
        Device.Flush();
        _pending = planned;
        return planned;
    }

    /// <summary>Writes slot 1 (precommit) pointing at the text written by <see cref="WriteText"/>.</summary>
    public void Precommit() => UpdateSlots(precommit: true, RequirePending());

    /// <summary>
    /// Writes the text, re-reads it from the device and hands it to <paramref name="verifyWhatWasWritten"/>
    /// (the caller parses it: a throwing verifier stops here, before anything points at the text), then precommits.
    /// </summary>
    public void WritePrecommit(ReadOnlySpan<byte> text, Action<ReadOnlySpan<byte>> verifyWhatWasWritten)
    {
        ArgumentNullException.ThrowIfNull(verifyWhatWasWritten);
        if (WriteText(text) is null)
        {
            return;
        }
        VerifyPending(verifyWhatWasWritten);
        Precommit();
    }

    /// <summary>Re-reads the pending text from the device (checking its CRC) and hands it to the verifier.</summary>
    public void VerifyPending(Action<ReadOnlySpan<byte>> verifyWhatWasWritten)
    {
        ArgumentNullException.ThrowIfNull(verifyWhatWasWritten);
        var location = RequirePending();
        var copy = MetadataCopy.FromRaw(Device.Name, Index, Location.Offset, location,
            MetadataRing.Read(Device, Location, location, Location.Offset + MdaHeader.Slot1Offset));
        verifyWhatWasWritten(copy.Text.Span);
    }

    /// <summary>Makes the pending text the committed copy: slot 0 = new, slot 1 cleared.</summary>
    public void Commit()
    {
        if (_pending is null && ReadHeader().Committed.IsIgnored)
        {
            return;
        }
        UpdateSlots(precommit: false, RequirePending());
        _pending = null;
    }

    /// <summary>
    /// Recovery after a crash between precommit and commit: the copy slot 1 names becomes the committed one
    /// (slot 0 = slot 1, slot 1 cleared). Nothing happens when no copy is precommitted.
    /// </summary>
    public void CommitPrecommitted()
    {
        var header = ReadHeader();
        _pending = null;
        if (header.Committed.IsIgnored || header.Precommitted.IsEmpty || header.Precommitted.Offset == header.Committed.Offset)
        {
            return;
        }
        WriteHeader(header with { Committed = header.Precommitted, Precommitted = default });
    }

    /// <summary>Drops a pending text: slot 1 cleared, slot 0 unchanged.</summary>
    public void Revert()
    {
        var header = ReadHeader();
        _pending = null;
        if (header.Precommitted.IsEmpty)
        {
            return;
        }
        WriteHeader(header with { Precommitted = default });
    }

    /// <summary>
    /// Sets or clears RAW_LOCN_IGNORED (pvchange --metadataignore). Ignoring drops the slots' locations;
    /// an area that is used again gets the VG's text at its next commit.
    /// </summary>
    public void SetIgnored(bool ignored)
    {
        var header = ReadHeader();
        if (header.Committed.IsIgnored == ignored)
        {
            return;
        }
        _pending = null;
        WriteHeader(header with
        {
            Committed = ignored ? new RawLocation(0, 0, 0, RawLocation.IgnoredFlag) : default,
            Precommitted = default,
        });
    }

    private RawLocation RequirePending() => _pending ?? throw new StorageException(ErrorCode.InvalidState,
        $"{Device.Name}: no metadata text was written to the metadata area at {Location.Offset} before this commit step.");

    private void UpdateSlots(bool precommit, RawLocation pending)
    {
        var header = ReadHeader();
        if (header.Committed.IsIgnored)
        {
            return;
        }
        var committed = header.Committed.IsEmpty ? default : header.Committed;
        WriteHeader(precommit
            ? header with { Committed = committed, Precommitted = pending }
            : header with { Committed = pending, Precommitted = default });
    }

    private void WriteHeader(MdaHeader header)
    {
        Device.Write(Sectors.FromBytes(Location.Offset), header.Encode());
        Device.Flush();
    }

    private static byte[] WithNul(ReadOnlySpan<byte> text)
    {
        if (!text.IsEmpty && text[^1] == 0)
        {
            return text.ToArray();
        }
        var result = new byte[text.Length + 1];
        text.CopyTo(result);
        return result;
    }
}
