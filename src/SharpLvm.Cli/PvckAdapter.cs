using SharpLvm.DeviceMapper.BlockDevices;
using SharpLvm.Format.Disk;
using SharpLvm.Metadata;

namespace SharpLvm.Cli;

/// <summary>Calls the on-disk layer's pvck dump with the text layer's summary and parse check.</summary>
internal static class PvckAdapter
{
    public static int Dump(IBlockDevice device, string what, TextWriter output)
    {
        var dump = new PvckDump(device, device.Name, VgReader.Summarizer, VgReader.Parses);
        IReadOnlyList<string> lines = what switch
        {
            "headers" => dump.Headers(),
            "metadata" => dump.Metadata(),
            _ => dump.MetadataAll(),
        };
        foreach (string line in lines)
        {
            output.WriteLine(line);
        }
        // LVM2 exits 5 when it found bad values.
        return lines.Any(l => l.Contains("Found bad header or metadata values.", StringComparison.Ordinal)) ? 5 : 0;
    }
}
