namespace SharpLvm.Format.Disk;

/// <summary>
/// One copy of VG metadata text read from a metadata area: where it came from and its bytes
/// (<see cref="Text"/> without the terminating NUL; the CRC has been checked).
/// </summary>
public sealed record MetadataCopy(string Device, int MdaIndex, ulong MdaStart, RawLocation Location, ReadOnlyMemory<byte> Text)
{
    /// <summary>Absolute byte offset of the text on the device.</summary>
    public ulong ByteOffset => MdaStart + Location.Offset;

    internal static MetadataCopy FromRaw(string device, int mdaIndex, ulong mdaStart, RawLocation location, byte[] raw)
    {
        int length = raw.Length > 0 && raw[^1] == 0 ? raw.Length - 1 : raw.Length;
        return new MetadataCopy(device, mdaIndex, mdaStart, location, raw.AsMemory(0, length));
    }
}
