using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Tests.BlockDevices;

public sealed class MemoryBlockDeviceTests
{
    [Fact]
    public void UnwrittenSectorsReadAsZero()
    {
        using var device = new MemoryBlockDevice(new Sectors(1024));
        var buffer = new byte[4096];
        buffer.AsSpan().Fill(0xff);
        device.Read(new Sectors(100), buffer);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void WriteAcrossChunkBoundaryReadsBack()
    {
        using var device = new MemoryBlockDevice(new Sectors(1024));
        var data = new byte[8192];
        new Random(1).NextBytes(data);
        device.Write(new Sectors(124), data); // 124*512 = 63488: crosses the 64 KiB chunk edge
        var back = new byte[8192];
        device.Read(new Sectors(124), back);
        Assert.Equal(data, back);
    }

    [Fact]
    public void UnalignedByteWriteKeepsNeighbours()
    {
        using var device = new MemoryBlockDevice(new Sectors(8));
        var ones = new byte[1024];
        ones.AsSpan().Fill(1);
        device.Write(Sectors.Zero, ones);
        device.WriteBytes(300, new byte[] { 7, 8, 9 });
        var back = device.ReadBytes(0, 1024);
        Assert.Equal(new byte[] { 1, 7, 8, 9, 1 }, back[299..304]);
        Assert.Equal(1, back[1023]);
    }

    [Fact]
    public void AccessBeyondEndIsAnIoError()
    {
        using var device = new MemoryBlockDevice(new Sectors(8), "mem0");
        var e = Assert.Throws<StorageException>(() => device.Read(new Sectors(7), new byte[1024]));
        Assert.Equal(ErrorCode.IoError, e.Code);
        Assert.Contains("mem0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialSectorLengthIsRefused()
    {
        using var device = new MemoryBlockDevice(new Sectors(8));
        var e = Assert.Throws<StorageException>(() => device.Write(Sectors.Zero, new byte[100]));
        Assert.Equal(ErrorCode.InvalidArgument, e.Code);
    }

    [Fact]
    public void FileDeviceRoundTripsAndReportsSize()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sharplvm-test-{Guid.NewGuid():N}.img");
        try
        {
            using (var device = FileBlockDevice.CreateImage(path, new Sectors(2048)))
            {
                Assert.Equal(new Sectors(2048), device.Size);
                Assert.False(device.IsBlockDevice);
                device.WriteBytes(513, "hello"u8);
                device.Flush();
            }
            using var reopened = FileBlockDevice.Open(path, readOnly: true);
            Assert.Equal("hello"u8.ToArray(), reopened.ReadBytes(513, 5));
            Assert.Throws<StorageException>(() => reopened.Write(Sectors.Zero, new byte[512]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
