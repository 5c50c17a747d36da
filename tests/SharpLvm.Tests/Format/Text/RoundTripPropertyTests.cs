using CsCheck;
using SharpLvm.Format.Text;
using SharpLvm.Model;

namespace SharpLvm.Tests.Format.Text;

public class RoundTripPropertyTests
{
    private static readonly VgTextHeader Header = new()
    {
        Description = "Write from \"test\" \\ run.",
        CreationHost = "host",
        HostComment = "Linux host 6.1.0 #1 SMP x86_64",
        CreationTime = 1795526403,
    };

    private static readonly Gen<VolumeGroup> Vgs = Gen.Int.Select(seed => new RandomVg(seed).Build());

    [Fact]
    public void On_disk_form_round_trips_to_an_equal_model() =>
        Vgs.Sample(vg =>
        {
            byte[] bytes = VgText.WriteOnDisk(vg, Header);
            VolumeGroup back = VgText.Parse(bytes);
            ModelAssert.Equal(vg, back);
            Assert.Equal(bytes, VgText.WriteOnDisk(back, Header));
        }, iter: 300);

    [Fact]
    public void Backup_form_round_trips_to_an_equal_model() =>
        Vgs.Sample(vg =>
        {
            string text = VgText.WriteBackup(vg, Header);
            VgTextDocument doc = VgText.ParseDocument(text);
            ModelAssert.Equal(vg, doc.Vg);
            Assert.Equal(Header.Description, doc.Description);
            Assert.Equal(text, VgText.WriteBackup(doc.Vg, Header));
        }, iter: 300);

    [Fact]
    public void Summary_agrees_with_the_full_parse() =>
        Vgs.Sample(vg =>
        {
            byte[] bytes = VgText.WriteOnDisk(vg, Header);
            VgTextSummary summary = VgText.Summarize(bytes);
            Assert.Equal(new VgTextSummary(vg.Name.Value, vg.Id.ToString(), vg.Seqno), summary);
        }, iter: 200);

    [Fact]
    public void Config_tree_round_trips_through_its_writer() =>
        Vgs.Sample(vg =>
        {
            string text = VgText.WriteBackup(vg, Header);
            List<ConfigNode> tree = ConfigParser.Parse(text);
            string rewritten = ConfigWriter.Write(tree);
            Assert.Equal(tree, ConfigParser.Parse(rewritten));
        }, iter: 200);
}
