using System.Buffers.Binary;
using System.Text;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>Reads what <see cref="WireWriter"/> wrote; a payload that ends early or holds a bad value throws Corrupt.</summary>
public sealed class WireReader
{
    private readonly byte[] _payload;
    private int _position;

    public WireReader(byte[] payload) => _payload = payload ?? throw new ArgumentNullException(nameof(payload));

    public bool AtEnd => _position == _payload.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _payload.Length - _position < count)
        {
            throw new StorageException(ErrorCode.Corrupt,
                $"Control message truncated: {count} bytes needed at offset {_position} of {_payload.Length}.");
        }
        var span = _payload.AsSpan(_position, count);
        _position += count;
        return span;
    }

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new StorageException(ErrorCode.Corrupt, $"Control message: bad boolean {b} at offset {_position - 1}."),
    };

    public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public string String()
    {
        uint length = UInt32();
        return Encoding.UTF8.GetString(Take(length > int.MaxValue ? -1 : (int)length));
    }

    public string? OptionalString() => Bool() ? String() : null;

    public DeviceNumber Number() => new(UInt32(), UInt32());

    /// <summary>An element count, checked against what is left so a hostile count cannot make us allocate.</summary>
    public int Count(int minElementBytes = 1)
    {
        uint count = UInt32();
        if (count > (uint)((_payload.Length - _position) / Math.Max(1, minElementBytes)))
        {
            throw new StorageException(ErrorCode.Corrupt, $"Control message: count {count} exceeds the message at offset {_position - 4}.");
        }
        return (int)count;
    }

    public DmName Name() => DmName.Parse(String());

    public DeviceInfo Info() => new(Name(), OptionalString() is { } uuid ? DmUuid.Parse(uuid) : null, Number(),
        Bool(), Bool(), Bool(), (int)UInt32(), (int)UInt32(), Bool(), UInt32());

    public DeviceInfo? OptionalInfo() => Bool() ? Info() : null;
}
