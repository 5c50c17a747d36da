using SharpLvm.DeviceMapper.BlockDevices;

namespace SharpLvm.Operations;

/// <summary>
/// Writes outside the metadata text that belong to a VG commit (a PV label's size, a metadata area header's ignored
/// flag). The change only records them; the transaction applies them just before the metadata is written and puts the
/// old bytes back when the commit fails before its commit step, so a failed command leaves the disks as they were.
/// </summary>
internal sealed class PendingDeviceWrites(Config.DeviceOpener open)
{
    private readonly List<(string Path, ulong Offset, byte[] Old, byte[] New)> _writes = [];
    private int _applied;

    public bool IsEmpty => _writes.Count == 0;

    /// <summary>Records that <paramref name="bytes"/> go to <paramref name="path"/> at <paramref name="byteOffset"/> (the old bytes are read now).</summary>
    public void Add(string path, ulong byteOffset, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using IBlockDevice device = open(path, true);
        _writes.Add((path, byteOffset, device.ReadBytes(byteOffset, bytes.Length), bytes));
    }

    /// <summary>Writes every recorded change in order; a failure puts back those already written and rethrows.</summary>
    public void Apply()
    {
        try
        {
            for (; _applied < _writes.Count; _applied++)
            {
                Write(_writes[_applied].Path, _writes[_applied].Offset, _writes[_applied].New);
            }
        }
        catch
        {
            Revert();
            throw;
        }
    }

    /// <summary>Puts back the old bytes of every applied change, last first.</summary>
    public void Revert()
    {
        for (; _applied > 0; _applied--)
        {
            (string path, ulong offset, byte[] old, _) = _writes[_applied - 1];
            Write(path, offset, old);
        }
    }

    private void Write(string path, ulong offset, byte[] bytes)
    {
        using IBlockDevice device = open(path, false);
        device.WriteBytes(offset, bytes);
        device.Flush();
    }
}
