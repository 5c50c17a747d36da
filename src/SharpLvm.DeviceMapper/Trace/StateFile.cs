using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Trace;

/// <summary>
/// A start state: one target per line as <c>dmsetup table</c> prints it, with the device number after
/// the name (<c>vg-lvol0 254:3: 0 32768 mirror disk 2 254:0 4096 2 254:1 0 254:2 0 1 handle_errors</c>).
/// A device with several targets has several lines. A line starting with <c>inactive </c> gives a table in
/// the inactive slot; <c>suspended </c> marks the device suspended. Blank lines and '#' comments are skipped.
/// </summary>
public static class StateFile
{
    private const string InactivePrefix = "inactive ";
    private const string SuspendedPrefix = "suspended ";

    public static DmState Parse(string text, string source = "state")
    {
        ArgumentNullException.ThrowIfNull(text);
        var order = new List<DmName>();
        var devices = new Dictionary<DmName, Entry>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            string where = $"{source} line {i + 1}";
            bool inactive = Strip(ref line, InactivePrefix);
            bool suspended = Strip(ref line, SuspendedPrefix);
            string[] head = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (head.Length < 3 || !head[1].EndsWith(':') || !DeviceNumber.TryParse(head[1].AsSpan(0, head[1].Length - 1), out var number))
            {
                throw new StorageException(ErrorCode.Corrupt, $"{where}: expected \"<name> <major>:<minor>: <target line>\", got \"{line}\".");
            }
            var name = DmName.Parse(head[0]);
            if (!devices.TryGetValue(name, out var entry))
            {
                entry = new Entry(number);
                devices.Add(name, entry);
                order.Add(name);
            }
            else if (entry.Number != number)
            {
                throw new StorageException(ErrorCode.Corrupt, $"{where}: {name} was {entry.Number} before, now {number}.");
            }
            entry.Suspended |= suspended;
            (inactive ? entry.Inactive : entry.Live).Add(TraceTables.ParseLine(head[2], where));
        }
        return new DmState(order.Select(n =>
        {
            var e = devices[n];
            return new DeviceSnapshot(n, null, e.Number,
                e.Live.Count > 0 ? TraceTables.Build(e.Live, $"{source}: {n}") : null,
                e.Inactive.Count > 0 ? TraceTables.Build(e.Inactive, $"{source}: {n} (inactive)") : null,
                e.Suspended);
        }));
    }

    private static bool Strip(ref string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        line = line[prefix.Length..].TrimStart();
        return true;
    }

    private sealed class Entry(DeviceNumber number)
    {
        public DeviceNumber Number { get; } = number;

        public bool Suspended { get; set; }

        public List<TargetLine> Live { get; } = [];

        public List<TargetLine> Inactive { get; } = [];
    }
}
