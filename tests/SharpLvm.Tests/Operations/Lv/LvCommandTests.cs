using System.Text.Json;

namespace SharpLvm.Tests.Operations.Lv;

/// <summary>lvcreate … lvconvert end to end through CliApp.Run over image files.</summary>
[Collection(SystemDirCollection.Name)]
public sealed class LvCommandTests : IDisposable
{
    private readonly CliHarness _h = new();
    private readonly string[] _images;
    private readonly string _devices;

    public LvCommandTests()
    {
        _images = [.. Enumerable.Range(0, 4).Select(i => _h.Image($"pv{i}.img", 64))];
        _devices = string.Join(',', _images);
        _h.Ok(["pvcreate", "--devices", _devices, .. _images]);
        _h.Ok(["vgcreate", "--devices", _devices, "vx", .. _images]);
    }

    public void Dispose() => _h.Dispose();

    private string Ok(params string[] args) => _h.Ok([args[0], "--devices", _devices, .. args[1..]]);

    private string Fails(int code, params string[] args) => _h.Fails(code, _images, [args[0], "--devices", _devices, .. args[1..]]);

    private Dictionary<string, string> Ranges()
    {
        string json = Ok("lvs", "-a", "-o", "lv_name,seg_pe_ranges", "--reportformat", "json");
        var result = new Dictionary<string, string>();
        using JsonDocument doc = JsonDocument.Parse(json);
        foreach (JsonElement row in doc.RootElement.GetProperty("report")[0].GetProperty("lv").EnumerateArray())
        {
            string name = row.GetProperty("lv_name").GetString()!.Trim('[', ']');
            string ranges = row.GetProperty("seg_pe_ranges").GetString()!.Replace(_h.Image("x", 0)[..^1], string.Empty, StringComparison.Ordinal);
            result[name] = result.TryGetValue(name, out string? prev) ? prev + " | " + ranges : ranges;
        }
        return result;
    }

    [Fact]
    public void Create_extend_reduce_rename_tag_remove()
    {
        Assert.Contains("Logical volume \"a\" created.", Ok("lvcreate", "-an", "-Zn", "-L", "10m", "-n", "a", "vx"), StringComparison.Ordinal);
        Ok("lvcreate", "-an", "-Zn", "-i", "2", "-l", "5", "-n", "s", "vx");
        Assert.Contains("Logical volume \"lvol0\" created.", Ok("lvcreate", "-an", "-Zn", "-l", "2", "vx", _images[3] + ":0-1"), StringComparison.Ordinal);
        Ok("lvextend", "-l", "+2", "vx/a");
        Ok("lvreduce", "-L", "-4m", "vx/a");
        Ok("lvrename", "vx/a", "vx/b");
        Ok("lvchange", "--addtag", "t1", "vx/b");
        Dictionary<string, string> r = Ranges();
        Assert.Equal("pv0.img:0-2 | pv0.img:6-6", r["b"]);
        Assert.Equal("pv0.img:3-5 pv1.img:0-2", r["s"]);
        Assert.Equal("pv3.img:0-1", r["lvol0"]);
        Assert.Contains("t1", Ok("lvs", "-o", "lv_name,lv_tags", "vx/b"), StringComparison.Ordinal);
        Assert.Contains("LV Name                b", Ok("lvdisplay", "vx/b"), StringComparison.Ordinal);
        Assert.Contains("successfully removed", Ok("lvremove", "-f", "vx/b"), StringComparison.Ordinal);
        Assert.DoesNotContain("b", Ranges().Keys);
    }

    [Fact]
    public void Mirror_convert_writes_the_mimagetmp_layer()
    {
        Ok("lvcreate", "-an", "-Zn", "-l", "4", "-n", "m", "vx");
        Ok("lvconvert", "-y", "--type", "mirror", "-m1", "vx/m");
        Ok("lvconvert", "-y", "-m+1", "vx/m");
        Dictionary<string, string> r = Ranges();
        Assert.Equal("m_mimagetmp_2:0-3 m_mimage_2:0-3", r["m"]);
        Assert.Equal("m_mimage_0:0-3 m_mimage_1:0-3", r["m_mimagetmp_2"]);
        Assert.Equal("pv0.img:0-3", r["m_mimage_0"]);
        Assert.Equal("pv1.img:0-3", r["m_mimage_1"]);
        Assert.Equal("pv2.img:0-3", r["m_mimage_2"]);
        Assert.Equal("pv3.img:0-0", r["m_mlog"]);
        Fails(5, "lvconvert", "-m+1", "vx/m");
    }

    [Fact]
    public void Bad_input_fails_with_one_line_and_leaves_the_vg_alone()
    {
        Ok("lvcreate", "-an", "-Zn", "-l", "2", "-n", "a", "vx");
        Assert.Contains("reserved", Fails(3, "lvcreate", "-an", "-l", "1", "-n", "x_mimage", "vx"), StringComparison.Ordinal);
        Assert.Contains("reserved", Fails(3, "lvcreate", "-an", "-l", "1", "-n", "snapshot1", "vx"), StringComparison.Ordinal);
        Assert.Contains("insufficient free space", Fails(5, "lvcreate", "-an", "-l", "100", "-n", "big", "vx"), StringComparison.Ordinal);
        Assert.Contains("Number of stripes (5)", Fails(5, "lvcreate", "-an", "-i", "5", "-l", "5", "-n", "big", "vx"), StringComparison.Ordinal);
        Fails(5, "lvcreate", "-an", "-l", "1", "-n", "big", "vx", "/dev/nonexistent");
        Assert.Contains("already exists", Fails(5, "lvcreate", "-an", "-l", "1", "-n", "a", "vx"), StringComparison.Ordinal);
        Fails(5, "lvextend", "-l", "+100", "vx/a");
        Fails(5, "lvextend", "-l", "1", "vx/a");
        Fails(5, "lvextend", "-r", "-l", "+1", "vx/a");
        Fails(5, "lvremove", "vx/nope");
        Ok("lvconvert", "--type", "mirror", "-m1", "vx/a");
        Assert.Contains("internal", Fails(5, "lvremove", "-f", "vx/a_mimage_0"), StringComparison.Ordinal);
    }
}
