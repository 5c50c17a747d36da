using SharpLvm.Activation;
using SharpLvm.Config;
using SharpLvm.DeviceMapper.Engine;
using SharpLvm.Model;
using SharpLvm.Operations.Lv;

namespace SharpLvm.Tests.Reliability.Live;

/// <summary>
/// One live command to crash at every step: the LV <c>vg/lv</c> made by <paramref name="Create"/> (lvcreate
/// arguments), active, with an application writing to it (<paramref name="WriterDuring"/>; otherwise it wrote
/// before and closed the LV, as lvremove needs), then <paramref name="Command"/> through the host.
/// </summary>
internal sealed record LiveCrashScenario(string Name, string[] Create, bool WriterDuring, Action<SystemContext, IDeviceHost, ActivationOptions> Command)
{
    public const string Lv = "lv";

    public static VgName Vg { get; } = VgName.Parse("vg");

    public override string ToString() => Name;

    private static readonly string[] Mirror2 = ["--type", "mirror", "-m1"];
    private static readonly string[] Mirror3 = ["--type", "mirror", "-m2"];
    private static readonly string[] Linear = [];

    /// <summary>The commands the brief names, each from its typical state.</summary>
    public static IReadOnlyList<LiveCrashScenario> All { get; } =
    [
        new("lvconvert -m+1", Mirror2, true, (ctx, host, o) =>
            LiveMirrorConvert.Convert(ctx, Vg, Lv, new LvConvertMirrorRequest { Mirrors = 1, Sign = SizeSign.Plus }, host, new LvOutput(), o)),
        new("lvconvert -m-1", Mirror3, true, (ctx, host, o) =>
            LiveMirrorConvert.Convert(ctx, Vg, Lv, new LvConvertMirrorRequest { Mirrors = 1, Sign = SizeSign.Minus }, host, new LvOutput(), o)),
        new("lvconvert --type mirror -m1", Linear, true, (ctx, host, o) =>
            LiveMirrorConvert.Convert(ctx, Vg, Lv, new LvConvertMirrorRequest { Mirrors = 1, TypeMirror = true, Yes = true }, host, new LvOutput(), o)),
        new("lvextend -L+4M", Linear, true, (ctx, host, o) =>
            LiveLvChange.Resize(ctx, Vg, Lv, new LvResizeRequest { Size = SizeSpec.ParseSize("+4M"), Mode = ResizeMode.Extend }, host, new LvOutput(), o)),
        new("lvremove -f", Linear, false, (ctx, host, o) =>
            LiveLvChange.Remove(ctx, Vg, Lv, force: true, host, new LvOutput(), o)),
    ];
}
