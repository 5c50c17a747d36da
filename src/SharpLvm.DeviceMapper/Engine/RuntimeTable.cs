using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Engine;

/// <summary>
/// A constructed table: its targets, the devices it opened (released when the table is destroyed), and
/// the I/O split at target boundaries. I/O past the end of the table fails, as in dm core.
/// </summary>
internal sealed class RuntimeTable : IDisposable
{
    private readonly Sectors[] _starts;
    private readonly ITargetIo[] _targets;
    private readonly IReadOnlyList<IDisposable> _opened;

    public RuntimeTable(Table source, ITargetIo[] targets, IReadOnlyList<IDisposable> opened, IReadOnlyList<DeviceRefTarget> references)
    {
        Source = source;
        _targets = targets;
        _opened = opened;
        References = references;
        _starts = [.. source.Lines.Select(l => l.Start)];
    }

    /// <summary>The table with every device named by number.</summary>
    public Table Source { get; }

    public Sectors Size => Source.Size;

    /// <summary>The devices this table uses, resolved, in table order without repeats.</summary>
    public IReadOnlyList<DeviceRefTarget> References { get; }

    public IReadOnlyList<ITargetIo> Targets => _targets;

    private int IndexOf(Sectors sector)
    {
        int index = Array.BinarySearch(_starts, sector);
        return index >= 0 ? index : ~index - 1;
    }

    private void CheckRange(string device, Sectors offset, Sectors length)
    {
        if (offset > Size || length > Size - offset)
        {
            throw new StorageException(ErrorCode.IoError,
                $"{device}: access beyond end of device: sectors {offset}+{length}, device has {Size}");
        }
    }

    /// <summary>
    /// The piece of an I/O of <paramref name="bytes"/> at <paramref name="offset"/> that one target takes:
    /// its index, the target-relative sector and the byte count; advances <paramref name="offset"/> past it.
    /// </summary>
    private int Piece(ref Sectors offset, int bytes, out int index, out Sectors within)
    {
        index = IndexOf(offset);
        var line = Source.Lines[index];
        within = offset - line.Start;
        int n = (int)Math.Min((ulong)bytes, (line.Length - within).Bytes);
        offset += new Sectors((ulong)n >> Sectors.SectorShift);
        return n;
    }

    public void Read(string device, Sectors offset, Span<byte> buffer)
    {
        CheckRange(device, offset, new Sectors((ulong)buffer.Length >> Sectors.SectorShift));
        while (!buffer.IsEmpty)
        {
            int n = Piece(ref offset, buffer.Length, out int i, out var within);
            _targets[i].Read(within, buffer[..n]);
            buffer = buffer[n..];
        }
    }

    public void Write(string device, Sectors offset, ReadOnlySpan<byte> buffer)
    {
        CheckRange(device, offset, new Sectors((ulong)buffer.Length >> Sectors.SectorShift));
        while (!buffer.IsEmpty)
        {
            int n = Piece(ref offset, buffer.Length, out int i, out var within);
            _targets[i].Write(within, buffer[..n]);
            buffer = buffer[n..];
        }
    }

    public void Discard(string device, Sectors offset, Sectors length)
    {
        CheckRange(device, offset, length);
        while (length > Sectors.Zero)
        {
            int i = IndexOf(offset);
            var line = Source.Lines[i];
            var within = offset - line.Start;
            var n = Sectors.Min(length, line.Length - within);
            _targets[i].Discard(within, n);
            length -= n;
            offset += n;
        }
    }

    public void Flush()
    {
        foreach (var target in _targets)
        {
            target.Flush();
        }
    }

    public void PreSuspend()
    {
        foreach (var target in _targets)
        {
            target.PreSuspend();
        }
    }

    public void PostSuspend()
    {
        foreach (var target in _targets)
        {
            target.PostSuspend();
        }
    }

    public void Resume()
    {
        foreach (var target in _targets)
        {
            target.Resume();
        }
    }

    public void Dispose()
    {
        foreach (var target in _targets)
        {
            target.Dispose();
        }
        foreach (var handle in _opened)
        {
            handle.Dispose();
        }
    }
}

/// <summary>A device a table refers to, resolved: its number and, for one of our devices, the device itself.</summary>
internal readonly record struct DeviceRefTarget(Names.DeviceNumber Number, MappedDevice? Mapped);
