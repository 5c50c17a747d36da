using System.Text;
using CsCheck;
using SharpLvm.Format.Disk;
using SharpLvm.Format.Text;
using SharpLvm.TestSupport;
using SharpLvm.Tests.Format.Disk;

namespace SharpLvm.Tests.Reliability;

/// <summary>
/// Issue 7's fuzzing of the LVM side's parsers of untrusted bytes: label + PV header, metadata area header,
/// a whole PV (label, areas, raw locations, the copy they point at), and the text metadata (config parser and
/// VG import). Inputs are mutations of the LVM2 fixtures and random bytes; see <see cref="Fuzz"/> for the rules.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int LabelSector = 1;
    private const int MdaAt = 4096;

    private static readonly Lazy<byte[][]> Images = new(() => [.. DiskFixtures.Images.Select(DiskFixtures.Bytes)]);

    private static byte[][] Slice(int offset, int length) => [.. Images.Value.Select(i => i.AsSpan(offset, length).ToArray())];

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 2048)));

    private static Gen<byte[]> Binary(byte[][] seeds, int length) =>
        Gen.Frequency((9, Fuzz.Mutations(seeds)), (1, Fuzz.RandomBytes(length)));

    private static byte[] Exactly(byte[] bytes, int length)
    {
        var result = new byte[length];
        bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(result);
        return result;
    }

    [Fact]
    public void Label_and_pv_header()
    {
        Gen<byte[]> gen = Gen.Select(Binary(Slice(LabelSector * 512, 512), 512), ChecksumFixups.Level)
            .Select(t => ChecksumFixups.Label(Exactly(t.Item1, 512), LabelSector, t.Item2));
        Fuzz.Run("pv-label", gen, bytes =>
        {
            if (PvLabel.TryParse(bytes, LabelSector, "fuzz", out PvLabel? label))
            {
                _ = label.Encode();
            }
        }, Hex);
    }

    /// <summary>The header, and the raw locations it holds as a reader checks them against the area.</summary>
    [Fact]
    public void Metadata_area_header()
    {
        var area = new DiskLocation(MdaAt, 1024 * 1024 - MdaAt);
        Gen<byte[]> gen = Gen.Select(Binary(Slice(MdaAt, 512), 512), ChecksumFixups.Level)
            .Select(t => ChecksumFixups.MdaHeaderBytes(Exactly(t.Item1, 512), area, t.Item2));
        Fuzz.Run("mda-header", gen, bytes =>
        {
            MdaHeader header = MdaHeader.Parse(bytes, "fuzz", area);
            foreach (RawLocation slot in new[] { header.Committed, header.Precommitted }.Where(s => !s.IsEmpty))
            {
                MetadataRing.CheckInside("fuzz", area, slot, MdaAt + MdaHeader.Slot0Offset);
            }
        }, Hex);
    }

    /// <summary>The first 8 KiB (label, PV header, first area's header) fuzzed over a real image: open, read every area.</summary>
    [Fact]
    public void Whole_pv_from_label_to_committed_text()
    {
        byte[][] images = Images.Value;
        Gen<(int Image, byte[] Patch)> gen = Gen.Select(Gen.Int[0, images.Length - 1], Fuzz.Mutations(Slice(0, 8192), window: 8192), ChecksumFixups.Level)
            .Select(t => (t.Item1, ChecksumFixups.Pv(images[t.Item1], t.Item2, LabelSector, MdaAt, t.Item3)));
        Fuzz.Run("pv-disk", gen, input =>
        {
            using var device = new PatchedDevice(images[input.Image], input.Patch);
            if (!PhysicalVolumeDisk.TryOpen(device, out PhysicalVolumeDisk? pv))
            {
                return;
            }
            foreach (MetadataArea area in pv.MetadataAreas)
            {
                _ = area.ReadHeader();
                if (area.ReadCommitted() is { } copy)
                {
                    _ = VgText.Summarize(copy.Text);
                    _ = VgText.Parse(copy.Text.Span);
                }
                _ = area.ReadPrecommitted();
            }
        }, input => $"image {DiskFixtures.Images[input.Image]} patch {Hex(input.Patch)}");
    }

    private static readonly Lazy<string[]> Texts = new(() =>
    [
        .. new[] { "vgsample", "twomda", "wrapped" }.Select(n => File.ReadAllText(TestPaths.Lvm2Fixture(n + ".vgcfgbackup.txt"))),
        .. DiskFixtures.Images.SelectMany(i => PhysicalVolumeDisk.Open(DiskFixtures.Device(i)).MetadataAreas.Select(a => a.ReadCommitted()))
            .OfType<MetadataCopy>().Select(c => Encoding.UTF8.GetString(c.Text.Span)),
    ]);

    private static readonly string[] TextTokens =
    [
        "", "{", "}", "[", "]", "=", "\"", "\\", "#", "\n", "-1", "0", "18446744073709551616", "99999999999999999999999", "1e308",
        "seqno = 0\n", "extent_size = 0\n", "pe_count = 4294967295\n", "stripe_count = 0\n", "area_count = 65536\n",
        "segment_count = 1000000\n", "start_extent = 18446744073709551615\n", "extent_count = 0\n", "stripes = [\"pv0\", 18446744073709551615]\n",
        "mirrors = [\"x\", 0]\n", "type = \"mirror\"\n", "type = \"striped\"\n", "status = [\"READ\"]\n", "flags = [1]\n",
        "physical_volumes {\n}\n", "logical_volumes {\n", "segment1 {\n", "pv99", "id = \"\"\n", "\0", "\u00e9", "\ud800",
        new string('[', 10000), new string('{', 10000),
    ];

    private static Gen<string> TextGen => Fuzz.TextMutations(Texts.Value, TextTokens);

    [Fact]
    public void Config_parser() => Fuzz.Run("config-parser", TextGen, text => _ = ConfigParser.Parse(Encoding.UTF8.GetBytes(text)), t => t);

    [Fact]
    public void Vg_import() => Fuzz.Run("vg-import", TextGen, text =>
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        _ = VgText.Summarize(bytes);
        _ = VgText.Parse(bytes);
    }, t => t);
}
