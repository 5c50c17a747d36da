using System.Collections.Immutable;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>
/// dm-stripe: "&lt;#stripes&gt; &lt;chunk_size&gt; &lt;dev1&gt; &lt;off1&gt; ...". The line's length must be a
/// multiple of chunk × stripes (no partial last row); any non-zero chunk size is accepted.
/// </summary>
public sealed record StripedTarget : TargetParams
{
    public StripedTarget(Sectors chunkSize, ImmutableArray<TargetDevice> stripes)
    {
        if (chunkSize == Sectors.Zero || chunkSize.Value > uint.MaxValue)
        {
            throw TargetRegistry.Invalid("striped", [chunkSize.ToString()], "invalid chunk size");
        }
        if (stripes.IsDefaultOrEmpty)
        {
            throw TargetRegistry.Invalid("striped", [], "invalid stripe count");
        }
        ChunkSize = chunkSize;
        Stripes = stripes;
    }

    public Sectors ChunkSize { get; }

    public ImmutableArray<TargetDevice> Stripes { get; }

    public override string TargetType => "striped";

    public override IReadOnlyList<DeviceClaim> Claims => [.. Stripes.Select(s => new DeviceClaim(s.Device, Exclusive: false))];

    public static StripedTarget Parse(string[] words)
    {
        var args = new TargetArgs("striped", words);
        if (args.Count < 2)
        {
            throw args.Invalid("not enough arguments");
        }
        uint count = args.UInt32("stripe count");
        if (count == 0)
        {
            throw args.Invalid("invalid stripe count 0");
        }
        uint chunk = args.UInt32("chunk size");
        if (chunk == 0)
        {
            throw args.Invalid("invalid chunk size 0");
        }
        if ((ulong)args.Remaining != 2UL * count)
        {
            throw args.Invalid($"{count} stripes need {2UL * count} device and offset words, found {args.Remaining}");
        }
        var stripes = ImmutableArray.CreateBuilder<TargetDevice>((int)count);
        for (int i = 0; i < count; i++)
        {
            stripes.Add(TargetDevice.Read(args, $"stripe {i}"));
        }
        return new StripedTarget(new Sectors(chunk), stripes.MoveToImmutable());
    }

    public override void Validate(Sectors length)
    {
        ulong count = (ulong)Stripes.Length;
        if (length.Value % count != 0)
        {
            throw TargetRegistry.Invalid(TargetType, [FormatParams()], $"target length {length} is not divisible by the stripe count {count}");
        }
        if (length.Value / count % ChunkSize.Value != 0)
        {
            throw TargetRegistry.Invalid(TargetType, [FormatParams()], $"target length {length} is not divisible by chunk size {ChunkSize} × {count} stripes");
        }
    }

    /// <summary>Each leg covers length / #stripes sectors from its offset.</summary>
    public override IEnumerable<DeviceArea> Areas(Sectors length)
    {
        var width = new Sectors(length.Value / (ulong)Stripes.Length);
        return Stripes.Select(s => new DeviceArea(s.Device, s.Offset, width));
    }

    public override TargetParams WithDevices(Func<DeviceRef, DeviceRef> map) =>
        new StripedTarget(ChunkSize, [.. Stripes.Select(s => s.Map(map))]);

    public override string FormatParams() => $"{Stripes.Length} {ChunkSize} {string.Join(' ', Stripes)}";

    public bool Equals(StripedTarget? other) => other is not null && FormatParams() == other.FormatParams();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(FormatParams());
}
