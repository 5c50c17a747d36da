using System.Globalization;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>What a flakey device does to writes while it is down.</summary>
public enum FlakeyWriteMode
{
    /// <summary>No write feature: reads and writes both fail while down.</summary>
    Fail,
    /// <summary>drop_writes: reads work, writes report success and are lost.</summary>
    Drop,
    /// <summary>error_writes: reads work, writes fail.</summary>
    Error,
}

/// <summary>corrupt_bio_byte &lt;Nth byte, 1-based&gt; &lt;r|w&gt; &lt;value&gt; &lt;bio flags mask&gt;.</summary>
public readonly record struct FlakeyCorruption(uint ByteIndex, bool OnWrite, byte Value, uint FlagsMask)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"corrupt_bio_byte {ByteIndex} {(OnWrite ? 'w' : 'r')} {Value} {FlagsMask} ");
}

/// <summary>
/// dm-flakey (6.1): "&lt;dev&gt; &lt;offset&gt; &lt;up&gt; &lt;down&gt; [&lt;#features&gt; drop_writes|error_writes|corrupt_bio_byte ...]".
/// Up and down are seconds counted from the table's load. The kernel prints the feature count always and a trailing space.
/// </summary>
public sealed record FlakeyTarget : TargetParams
{
    public FlakeyTarget(DeviceRef device, Sectors offset, uint upSeconds, uint downSeconds,
        FlakeyWriteMode writeMode = FlakeyWriteMode.Fail, FlakeyCorruption? corruption = null)
    {
        if ((ulong)upSeconds + downSeconds is 0 or > uint.MaxValue)
        {
            throw TargetRegistry.Invalid("flakey", [], "up + down interval must be positive and fit 32 bits");
        }
        if (corruption is { OnWrite: true } && writeMode != FlakeyWriteMode.Fail)
        {
            throw TargetRegistry.Invalid("flakey", [], "corrupt_bio_byte with 'w' cannot be combined with drop_writes or error_writes");
        }
        Device = device;
        Offset = offset;
        UpSeconds = upSeconds;
        DownSeconds = downSeconds;
        WriteMode = writeMode;
        Corruption = corruption;
    }

    public DeviceRef Device { get; init; }

    public Sectors Offset { get; }

    public uint UpSeconds { get; }

    public uint DownSeconds { get; }

    public FlakeyWriteMode WriteMode { get; }

    public FlakeyCorruption? Corruption { get; }

    public override string TargetType => "flakey";

    public override IReadOnlyList<DeviceClaim> Claims => [new DeviceClaim(Device, Exclusive: false)];

    public static FlakeyTarget Parse(string[] words)
    {
        var args = new TargetArgs("flakey", words);
        if (args.Count < 4)
        {
            throw args.Invalid("expected <device> <offset> <up interval> <down interval> [<#features> <features>]");
        }
        var device = args.Device("device");
        var offset = args.Sectors("offset");
        uint up = args.UInt32("up interval");
        uint down = args.UInt32("down interval");
        if ((ulong)up + down is 0 or > uint.MaxValue)
        {
            throw args.Invalid("total (up + down) interval is zero or overflows");
        }
        var mode = FlakeyWriteMode.Fail;
        FlakeyCorruption? corruption = null;
        if (!args.AtEnd)
        {
            uint count = args.UInt32("feature argument count");
            if (count > 6 || count > args.Remaining)
            {
                throw args.Invalid($"invalid number of feature arguments {count}");
            }
            int end = args.Position + (int)count;
            while (args.Position < end)
            {
                string feature = args.Word("feature");
                switch (feature)
                {
                    case "drop_writes" or "error_writes":
                        if (mode != FlakeyWriteMode.Fail)
                        {
                            throw args.Invalid(mode == (feature == "drop_writes" ? FlakeyWriteMode.Drop : FlakeyWriteMode.Error)
                                ? $"feature {feature} duplicated" : "drop_writes and error_writes exclude each other");
                        }
                        mode = feature == "drop_writes" ? FlakeyWriteMode.Drop : FlakeyWriteMode.Error;
                        break;
                    case "corrupt_bio_byte":
                        if (corruption is not null)
                        {
                            throw args.Invalid("feature corrupt_bio_byte duplicated");
                        }
                        if (end - args.Position < 4)
                        {
                            throw args.Invalid("corrupt_bio_byte requires 4 parameters");
                        }
                        corruption = ReadCorruption(args);
                        break;
                    default:
                        throw args.Invalid($"unrecognised flakey feature \"{feature}\"");
                }
            }
            if (corruption is { OnWrite: true } && mode != FlakeyWriteMode.Fail)
            {
                throw args.Invalid("corrupt_bio_byte with 'w' cannot be combined with drop_writes or error_writes");
            }
        }
        args.End();
        return new FlakeyTarget(device, offset, up, down, mode, corruption);
    }

    private static FlakeyCorruption ReadCorruption(TargetArgs args)
    {
        uint index = args.UInt32("corrupt_bio_byte byte index");
        if (index == 0)
        {
            throw args.Invalid("corrupt_bio_byte byte index must be at least 1");
        }
        string direction = args.Word("corrupt_bio_byte direction");
        if (direction is not ("r" or "w"))
        {
            throw args.Invalid($"corrupt_bio_byte direction \"{direction}\" is not r or w");
        }
        uint value = args.UInt32("corrupt_bio_byte value");
        if (value > 255)
        {
            throw args.Invalid($"corrupt_bio_byte value {value} is not a byte");
        }
        uint flags = args.UInt32("corrupt_bio_byte flags");
        return new FlakeyCorruption(index, direction == "w", (byte)value, flags);
    }

    public override IEnumerable<DeviceArea> Areas(Sectors length) => [new DeviceArea(Device, Offset, length)];

    public override TargetParams WithDevices(Func<DeviceRef, DeviceRef> map) => this with { Device = map(Device) };

    public override string FormatParams()
    {
        int count = (WriteMode == FlakeyWriteMode.Fail ? 0 : 1) + (Corruption is null ? 0 : 5);
        string mode = WriteMode switch
        {
            FlakeyWriteMode.Drop => "drop_writes ",
            FlakeyWriteMode.Error => "error_writes ",
            _ => "",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{Device} {Offset} {UpSeconds} {DownSeconds} {count} {mode}{Corruption?.ToString() ?? ""}");
    }
}
