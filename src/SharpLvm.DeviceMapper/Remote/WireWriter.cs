using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Names;

namespace SharpLvm.DeviceMapper.Remote;

/// <summary>Builds a payload: big-endian integers, length-prefixed UTF-8 strings, optional values behind a presence byte.</summary>
public sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public WireWriter Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public WireWriter Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public WireWriter UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public WireWriter UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public WireWriter String(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        UInt32((uint)bytes);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(bytes));
        _buffer.Advance(bytes);
        return this;
    }

    public WireWriter OptionalString(string? value) => value is null ? Bool(false) : Bool(true).String(value);

    public WireWriter Number(DeviceNumber number) => UInt32(number.Major).UInt32(number.Minor);

    public WireWriter Count(int count) => UInt32((uint)count);

    public WireWriter Info(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return String(info.Name.Value).OptionalString(info.Uuid?.Value).Number(info.Number)
            .Bool(info.Suspended).Bool(info.HasLiveTable).Bool(info.HasInactiveTable)
            .UInt32((uint)info.OpenCount).UInt32((uint)info.TargetCount).Bool(info.ReadOnly).UInt32(info.EventNumber);
    }

    public WireWriter OptionalInfo(DeviceInfo? info) => info is null ? Bool(false) : Bool(true).Info(info);
}
