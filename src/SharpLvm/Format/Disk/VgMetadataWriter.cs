using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Format.Disk;

/// <summary>
/// LVM2's vg_write / vg_commit / revert over every metadata area of a VG, in LVM2's order: the text goes
/// to all areas (each re-read and verified), then slot 1 is written in all; the commit writes slot 0 in
/// every area. The old committed copy stays intact until its area's
/// commit, so a crash at any point leaves each area with either the old or the new text committed.
/// </summary>
public static class VgMetadataWriter
{
    /// <summary>Writes and verifies the text in every area, then precommits every area.</summary>
    public static void WriteAndPrecommit(IReadOnlyList<MetadataArea> areas, ReadOnlySpan<byte> text, Action<ReadOnlySpan<byte>> verifyWhatWasWritten)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(verifyWhatWasWritten);
        if (areas.Count == 0)
        {
            throw new StorageException(ErrorCode.NoSpace, "The VG has no metadata areas in use to write its metadata to.",
                "Add a PV with metadata areas, or un-ignore one with pvchange --metadataignore n.");
        }
        foreach (var area in areas)
        {
            if (area.WriteText(text) is not null)
            {
                area.VerifyPending(verifyWhatWasWritten);
            }
        }
        foreach (var area in areas)
        {
            if (area.Pending is not null)
            {
                area.Precommit();
            }
        }
    }

    /// <summary>Commits every area that has a pending text (ignored areas hold none and are left alone).</summary>
    public static void Commit(IReadOnlyList<MetadataArea> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        foreach (var area in areas)
        {
            if (area.Pending is not null)
            {
                area.Commit();
            }
        }
    }

    /// <summary>Drops the pending text of every area (slot 1 cleared, slot 0 kept).</summary>
    public static void Revert(IReadOnlyList<MetadataArea> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        foreach (var area in areas)
        {
            area.Revert();
        }
    }
}
