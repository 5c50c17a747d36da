using CsCheck;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Nbd.Tests;

/// <summary>
/// Byte-addressed operations at any offset and length (a client ignoring the advertised 512-byte block
/// size) behave like a plain byte array: writes, write-zeroes and reads, checked against a model.
/// </summary>
public sealed class ByteModelPropertyTests
{
    private const int Size = 32 * 1024;

    private enum Op { Write, Zero, Read }

    private static readonly Gen<(Op Op, int Offset, int Length, byte Fill)> Operation =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, Size - 1], Gen.Int[0, 2500], Gen.Byte)
            .Select((op, offset, length, fill) => (op, offset, Math.Min(length, Size - offset), fill));

    [Fact]
    public async Task Unaligned_operations_match_a_byte_array()
    {
        await using var h = new ServerHarness(size: Size);
        using var client = h.Open(structured: true);
        Operation.Array[1, 30].Sample(ops =>
        {
            var model = client.Read(0, Size);
            foreach (var (op, offset, length, fill) in ops)
            {
                switch (op)
                {
                    case Op.Write:
                        var data = Enumerable.Range(0, length).Select(i => (byte)(fill + i)).ToArray();
                        client.Write((ulong)offset, data);
                        data.CopyTo(model, offset);
                        break;
                    case Op.Zero:
                        Assert.Equal(0u, client.Call(Cmd.WriteZeroes, (ulong)offset, (uint)length).Error);
                        Array.Clear(model, offset, length);
                        break;
                    default:
                        Assert.Equal(model.AsSpan(offset, length).ToArray(), client.Read((ulong)offset, length));
                        break;
                }
            }
            Assert.Equal(model, h.Device.Content.ToArray());
        }, iter: 200, threads: 1);
    }
}
