using SharpLvm.Activation;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Trace;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;
using SharpLvm.Tests.Operations;

namespace SharpLvm.Tests.Activation;

/// <summary>
/// Random sequences of changes on a VG with linear, striped and mirror LVs, some active: after every step the live
/// tables equal what the committed metadata asks for, and the step's log replays safely through verify-trace.
/// </summary>
[Collection(SystemDirCollection.Name)]
public sealed class RandomLiveChangesTests
{
    private static readonly VgName Vg = ActivationHarness.Vg;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryStepEndsWithTheMetadatasTablesAndASafeLog(int seed)
    {
        using var h = new ActivationHarness(pvs: 4, megabytes: 48);
        h.Cli.Ok("lvcreate", "-L", "4M", "-n", "lin", "vg");
        h.Cli.Ok("lvcreate", "-i2", "-L", "8M", "-n", "str", "vg");
        h.Cli.Ok("lvcreate", "--type", "mirror", "-m1", "-L", "4M", "-n", "mir", "vg");
        var random = new Random(seed);
        LvActivation.ChangeVg(h.Context, Vg, activate: true, h.Host, new LvOutput(), h.Options);
        WaitSync(h, "mir");
        var active = new HashSet<string> { "lin", "str", "mir" };
        var steps = new List<string>();
        for (int i = 0; i < 14; i++)
        {
            string lv = new[] { "lin", "str", "mir" }[random.Next(3)];
            string start = h.StateText();
            h.ClearLog();
            string step;
            try
            {
                step = Step(h, random, lv, active);
            }
            catch (DeviceMapper.Errors.StorageException e) when (e.Code == DeviceMapper.Errors.ErrorCode.NoSpace)
            {
                step = $"{lv}: no space (nothing changed)";
            }
            steps.Add(step);
            var report = TraceVerifier.Verify(h.Log, start);
            Assert.True(report.IsSafe, $"{string.Join(", ", steps)}\n{report}\n{h.Log}");
            Assert.Equal(h.ExpectedTables([.. active.Order()]), h.LiveTables());
        }
    }

    private static string Step(ActivationHarness h, Random random, string lv, HashSet<string> active)
    {
        var output = new LvOutput();
        bool isMirror = h.ReadVg().FindLv(lv)!.Segments[0] is MirrorSegment;
        int legs = isMirror ? ((MirrorSegment)h.ReadVg().FindLv(lv)!.Segments[0]).MirrorCount : 1;
        switch (random.Next(5))
        {
            case 0:
                LvActivation.Change(h.Context, Vg, [lv], activate: true, h.Host, output, h.Options);
                active.Add(lv);
                WaitSync(h, lv);
                return $"activate {lv}";
            case 1:
                LvActivation.Change(h.Context, Vg, [lv], activate: false, h.Host, output, h.Options);
                active.Remove(lv);
                return $"deactivate {lv}";
            case 2:
                LiveLvChange.Resize(h.Context, Vg, lv, new LvResizeRequest { Size = SizeSpec.ParseSize("+4M"), Mode = ResizeMode.Extend }, h.Host, output, h.Options);
                WaitSync(h, lv);
                return $"extend {lv}";
            case 3 when h.ReadVg().FindLv(lv)!.ExtentCount.Value > 2 && lv != "str":
                LiveLvChange.Resize(h.Context, Vg, lv, new LvResizeRequest { Size = SizeSpec.ParseSize("-4M"), Mode = ResizeMode.Reduce }, h.Host, output, h.Options);
                return $"reduce {lv}";
            default:
                if (lv == "str")
                {
                    return "skip";
                }
                var request = legs >= 3 || (legs == 2 && random.Next(2) == 0)
                    ? new LvConvertMirrorRequest { Mirrors = legs == 2 ? 0 : 1, Sign = legs == 2 ? SizeSign.None : SizeSign.Minus }
                    : new LvConvertMirrorRequest { Mirrors = 1, Sign = SizeSign.Plus, TypeMirror = true };
                LiveMirrorConvert.Convert(h.Context, Vg, lv, request, h.Host, output, h.Options);
                WaitSync(h, lv);
                return $"convert {lv} -m{(request.Sign == SizeSign.Plus ? "+" : request.Sign == SizeSign.Minus ? "-" : "")}{request.Mirrors}";
        }
    }

    private static void WaitSync(ActivationHarness h, string lv)
    {
        var name = DmName.Parse("vg-" + lv);
        if (h.Host.TryGetInfo(name) is not null)
        {
            Assert.True(h.Host.WaitForSync(name, TimeSpan.FromMinutes(1)));
        }
    }
}
