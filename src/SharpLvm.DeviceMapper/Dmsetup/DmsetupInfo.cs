using System.Globalization;
using System.Text;
using SharpLvm.DeviceMapper.Engine;

namespace SharpLvm.DeviceMapper.Dmsetup;

/// <summary><c>dmsetup info</c> (long form) and <c>dmsetup info -c</c> (the default columns).</summary>
public static class DmsetupInfo
{
    /// <summary>The long form: labels padded to 19 characters, "UUID: " unpadded, a blank line after each device.</summary>
    public static string Long(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        string state = (info.Suspended ? "SUSPENDED" : "ACTIVE") + (info.ReadOnly ? " (READ-ONLY)" : "");
        string tables = (info.HasLiveTable, info.HasInactiveTable) switch
        {
            (true, true) => "LIVE & INACTIVE",
            (true, false) => "LIVE",
            (false, true) => "INACTIVE",
            _ => "None",
        };
        var sb = new StringBuilder();
        Line(sb, "Name:", info.Name.Value);
        Line(sb, "State:", state);
        Line(sb, "Tables present:", tables);
        Line(sb, "Open count:", Num(info.OpenCount));
        Line(sb, "Event number:", Num(info.EventNumber));
        Line(sb, "Major, minor:", $"{Num(info.Number.Major)}, {Num(info.Number.Minor)}");
        Line(sb, "Number of targets:", Num(info.TargetCount));
        if (info.Uuid is { } uuid)
        {
            sb.Append("UUID: ").Append(uuid.Value).Append('\n');
        }
        sb.Append('\n');
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string label, string value) => sb.Append(label.PadRight(19)).Append(value).Append('\n');

    private static string Num<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>"L--w": live table, inactive table, suspended, read-only/writeable.</summary>
    public static string StatField(DeviceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return string.Concat(info.HasLiveTable ? "L" : "-", info.HasInactiveTable ? "I" : "-", info.Suspended ? "s" : "-", info.ReadOnly ? "r" : "w");
    }

    /// <summary>
    /// <c>dmsetup info -c</c>: Name, Maj, Min, Stat, Open, Targ, Event, UUID; each column as wide as its widest
    /// value or its default width (16, 3, 3, 4, 4, 4, 6, 32); headings and text left-aligned, numbers right-aligned.
    /// </summary>
    public static IReadOnlyList<string> Columns(IEnumerable<DeviceInfo> devices)
    {
        var rows = devices.Select(d => new[]
        {
            d.Name.Value, Num(d.Number.Major), Num(d.Number.Minor), StatField(d), Num(d.OpenCount), Num(d.TargetCount),
            Num(d.EventNumber), d.Uuid?.Value ?? "",
        }).ToList();
        if (rows.Count == 0)
        {
            return [DmsetupList.NoDevices];
        }
        string[] headers = ["Name", "Maj", "Min", "Stat", "Open", "Targ", "Event", "UUID"];
        int[] widths = [16, 3, 3, 4, 4, 4, 6, 32];
        bool[] right = [false, true, true, false, true, true, true, false];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = Math.Max(widths[c], rows.Select(r => r[c].Length).DefaultIfEmpty(0).Max());
        }
        string Format(string[] cells, bool heading) =>
            string.Join(' ', cells.Select((cell, c) => right[c] && !heading ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])));
        return [Format(headers, heading: true), .. rows.Select(r => Format(r, heading: false))];
    }
}
