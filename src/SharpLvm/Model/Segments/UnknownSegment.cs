using SharpLvm.Format.Text;

namespace SharpLvm.Model;

/// <summary>
/// A segment whose type SharpLvm does not implement (raid1, thin, cache, …), or a known type with
/// segment flags (<c>type = "x+FLAG"</c>). Its keys are kept verbatim so writing the VG back loses nothing.
/// </summary>
public sealed class UnknownSegment : LvSegment
{
    public UnknownSegment(Extents startExtent, Extents extentCount, string typeText) : base(startExtent, extentCount)
    {
        TypeText = typeText;
    }

    /// <summary>The full <c>type</c> value, flags included.</summary>
    public string TypeText { get; set; }

    public override string TypeName => TypeText;

    public override bool IsUnderstood => false;

    /// <summary><c>reshape_count</c> when present (written before <c>type</c>).</summary>
    public uint? ReshapeCount { get; set; }

    /// <summary>Every key after <c>type</c> and <c>tags</c>, in file order, verbatim.</summary>
    public List<ConfigNode> Nodes { get; } = [];
}
