using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Tests.Tree;

/// <summary>A device of a generated stack: linear or striped over PVs, or a mirror over sub-devices with a disk or core log.</summary>
internal abstract class StackDevice(string name, ulong size)
{
    public string Name { get; } = name;

    public ulong Size { get; set; } = size;

    public abstract IEnumerable<StackDevice> Children { get; }

    public abstract string TableText();

    public abstract StackDevice Clone();

    public IEnumerable<StackDevice> All() => Children.SelectMany(c => c.All()).Append(this);

    public int Depth => 1 + Children.Select(c => c.Depth).DefaultIfEmpty(0).Max();
}

internal sealed class Linear(string name, ulong size, int pv, ulong offset) : StackDevice(name, size)
{
    public override IEnumerable<StackDevice> Children => [];

    public override string TableText() => $"0 {Size} linear 8:{pv * 16} {offset}";

    public override StackDevice Clone() => new Linear(Name, Size, pv, offset);
}

internal sealed class Striped(string name, ulong size, (int Pv, ulong Offset)[] stripes) : StackDevice(name, size)
{
    public override IEnumerable<StackDevice> Children => [];

    public override string TableText() => $"0 {Size} striped {stripes.Length} 8 {string.Join(' ', stripes.Select(s => $"8:{s.Pv * 16} {s.Offset}"))}";

    public override StackDevice Clone() => new Striped(Name, Size, stripes);
}

internal sealed class Mirror(string name, ulong size, StackDevice? log, List<StackDevice> legs) : StackDevice(name, size)
{
    public StackDevice? Log { get; set; } = log;

    public List<StackDevice> Legs { get; } = legs;

    public override IEnumerable<StackDevice> Children => Log is null ? Legs : Legs.Prepend(Log);

    public override string TableText()
    {
        string log = Log is null ? "core 1 64" : $"disk 2 /dev/mapper/{Log.Name} 64";
        return $"0 {Size} mirror {log} {Legs.Count} {string.Join(' ', Legs.Select(l => $"/dev/mapper/{l.Name} 0"))} 1 handle_errors";
    }

    public override StackDevice Clone() => new Mirror(Name, Size, Log?.Clone(), [.. Legs.Select(l => l.Clone())]);
}

/// <summary>A set of logical volumes (each a tree of devices) and the changes LVM makes to them.</summary>
internal sealed class StackWorld(Random random)
{
    /// <summary>Sizes are multiples of this: a mirror region (64), three 8-sector stripes, ...</summary>
    public const ulong Unit = 384;

    private int _ids;
    private ulong _offsets;

    public List<StackDevice> Volumes { get; } = [];

    public StackWorld Clone(Random r)
    {
        var copy = new StackWorld(r) { _ids = _ids, _offsets = _offsets };
        copy.Volumes.AddRange(Volumes.Select(v => v.Clone()));
        return copy;
    }

    public IEnumerable<StackDevice> Devices => Volumes.SelectMany(v => v.All());

    public DesiredState Desired()
    {
        var desired = new DesiredState();
        foreach (var d in Devices)
        {
            var flags = NodeFlags.SkipReloadWhenEquivalent | (d is Mirror ? NodeFlags.NoFlush : NodeFlags.None);
            desired.Add(new DesiredDevice(DmName.Parse(d.Name), null, Table.Parse(d.TableText()), flags));
        }
        return desired;
    }

    public StackDevice NewVolume(int maxDepth) => NewDevice($"vg-lv{_ids++}", (ulong)random.Next(1, 4) * Unit, maxDepth);

    private StackDevice NewDevice(string name, ulong size, int maxDepth) =>
        random.Next(maxDepth > 1 ? 3 : 2) switch
        {
            0 => NewLinear(name, size),
            1 => new Striped(name, size, [.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => (random.Next(1, 5), NextOffset(size)))]),
            _ => NewMirror(name, size, maxDepth),
        };

    private Linear NewLinear(string name, ulong size) => new(name, size, random.Next(1, 5), NextOffset(size));

    private Mirror NewMirror(string name, ulong size, int maxDepth)
    {
        var legs = Enumerable.Range(0, random.Next(2, 4))
            .Select(i => random.Next(4) == 0 && maxDepth > 2 ? NewMirror($"{name}_mimage_{_ids++}", size, maxDepth - 1) : (StackDevice)NewLeg(name, size))
            .ToList();
        return new Mirror(name, size, random.Next(2) == 0 ? NewLog(name) : null, legs);
    }

    private Linear NewLeg(string owner, ulong size) => NewLinear($"{owner}_mimage_{_ids++}", size);

    private Linear NewLog(string owner) => NewLinear($"{owner}_mlog{_ids++}", 8);

    private ulong NextOffset(ulong size)
    {
        ulong offset = _offsets;
        _offsets += size + Unit;
        return offset;
    }

    /// <summary>Applies one random change; returns its name.</summary>
    public string Change()
    {
        var mirrors = Devices.OfType<Mirror>().ToList();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            switch (random.Next(9))
            {
                case 0 when mirrors.Count > 0:
                    {
                        var m = Pick(mirrors);
                        if (m.Legs.Count >= MirrorTarget.MaxLegs) { break; }
                        m.Legs.Insert(random.Next(m.Legs.Count + 1), NewLeg(m.Name, m.Size));
                        return $"add leg to {m.Name}";
                    }
                case 1 when mirrors.Any(m => m.Legs.Count > 2):
                    {
                        var m = Pick(mirrors.Where(m => m.Legs.Count > 2).ToList());
                        m.Legs.RemoveAt(random.Next(m.Legs.Count));
                        return $"remove leg from {m.Name}";
                    }
                case 2 when mirrors.Count > 0:
                    {
                        var m = Pick(mirrors);
                        var top = Volumes.First(v => v.All().Contains(m));
                        if (top.Depth >= 4) { break; }
                        var layer = new Mirror($"{m.Name}_mimagetmp_{_ids++}", m.Size, m.Log, [.. m.Legs]);
                        m.Legs.Clear();
                        m.Legs.AddRange([layer, NewLeg(m.Name, m.Size)]);
                        m.Log = null;
                        return $"insert layer {layer.Name} under {m.Name}";
                    }
                case 3 when mirrors.Any(m => m.Legs.OfType<Mirror>().Any()):
                    {
                        var m = Pick(mirrors.Where(m => m.Legs.OfType<Mirror>().Any()).ToList());
                        var layer = Pick(m.Legs.OfType<Mirror>().ToList());
                        if (m.Legs.Count - 1 + layer.Legs.Count > MirrorTarget.MaxLegs) { break; }
                        int at = m.Legs.IndexOf(layer);
                        m.Legs.RemoveAt(at);
                        m.Legs.InsertRange(at, layer.Legs);
                        m.Log ??= layer.Log;
                        return $"remove layer {layer.Name} from {m.Name}";
                    }
                case 4 when Volumes.Count > 0:
                    {
                        var v = Pick(Volumes);
                        Resize(v, v.Size + Unit);
                        return $"extend {v.Name}";
                    }
                case 5 when Volumes.Any(v => v.Size > Unit):
                    {
                        var v = Pick(Volumes.Where(v => v.Size > Unit).ToList());
                        Resize(v, v.Size - Unit);
                        return $"reduce {v.Name}";
                    }
                case 6 when Volumes.Count > 0:
                    {
                        var v = Pick(Volumes);
                        Volumes.Remove(v);
                        return $"deactivate {v.Name}";
                    }
                case 7:
                    {
                        var v = NewVolume(4);
                        Volumes.Add(v);
                        return $"activate {v.Name}";
                    }
                case 8 when Volumes.Any(v => v is Linear):
                    {
                        var v = (Linear)Pick(Volumes.Where(v => v is Linear).ToList());
                        int at = Volumes.IndexOf(v);
                        var leg0 = new Linear($"{v.Name}_mimage_{_ids++}", v.Size, 1, 0);
                        Volumes[at] = new Mirror(v.Name, v.Size, NewLog(v.Name), [leg0, NewLeg(v.Name, v.Size)]);
                        return $"convert {v.Name} to a mirror";
                    }
            }
        }
        var added = NewVolume(4);
        Volumes.Add(added);
        return $"activate {added.Name}";
    }

    private static void Resize(StackDevice device, ulong size)
    {
        device.Size = size;
        if (device is Mirror m)
        {
            foreach (var leg in m.Legs)
            {
                Resize(leg, size);
            }
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
