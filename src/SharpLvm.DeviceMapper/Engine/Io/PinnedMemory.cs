using System.Buffers;

namespace SharpLvm.DeviceMapper.Engine.Io;

/// <summary>A <see cref="Memory{T}"/> over a buffer the caller keeps pinned (a span under <c>fixed</c>) for the manager's lifetime.</summary>
internal sealed unsafe class PinnedMemory : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;

    public PinnedMemory(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
