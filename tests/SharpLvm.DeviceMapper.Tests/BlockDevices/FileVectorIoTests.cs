using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;
using SharpLvm.TestSupport;

namespace SharpLvm.DeviceMapper.Tests.BlockDevices;

/// <summary>Vectored I/O on image files (preadv/pwritev) lands where a loop of single reads and writes would.</summary>
public sealed class FileVectorIoTests
{
    [Fact]
    public void VectoredWritesAndReadsMatchSingleOnes()
    {
        using var dir = new TempDir();
        string image = dir.File("v.img");
        using (var f = File.Create(image))
        {
            f.SetLength(1 << 20);
        }
        byte[] data = new byte[96 * 1024];
        new Random(5).NextBytes(data);
        using IBlockDevice device = FileBlockDevice.Open(image, readOnly: false);
        device.WriteVector(new Sectors(8), [data.AsMemory(0, 32768), data.AsMemory(32768, 512), data.AsMemory(33280)]);
        Assert.Equal(data, device.ReadBytes(8 * 512, data.Length));

        byte[] a = new byte[4096], b = new byte[94208];
        device.ReadVector(new Sectors(8), [a, b]);
        Assert.Equal(data, a.Concat(b).ToArray());

        // Past the end: refused before any byte moves, as single reads and writes are.
        Assert.Throws<StorageException>(() => device.ReadVector(new Sectors(2040), [new byte[4096], new byte[4096]]));
        Assert.Throws<StorageException>(() => device.WriteVector(new Sectors(2040), [new byte[4096], new byte[4096]]));
    }

    [Fact]
    public void AShortVectoredReadOfAShrunkFileReadsZerosPastItsEnd()
    {
        using var dir = new TempDir();
        string image = dir.File("s.img");
        File.WriteAllBytes(image, Enumerable.Repeat((byte)0xAB, 8192).ToArray());
        using IBlockDevice device = FileBlockDevice.Open(image, readOnly: true);
        using (var f = new FileStream(image, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            f.SetLength(6144);
        }
        byte[] a = new byte[4096], b = new byte[4096];
        device.ReadVector(Sectors.Zero, [a, b]);
        Assert.All(a, x => Assert.Equal(0xAB, x));
        Assert.All(b.AsSpan(0, 2048).ToArray(), x => Assert.Equal(0xAB, x));
        Assert.All(b.AsSpan(2048).ToArray(), x => Assert.Equal(0, x));
    }
}
