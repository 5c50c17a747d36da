using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>
/// The parameters of one target line, one sealed record per target type. Each parses and prints the
/// kernel's table syntax (exactly what <c>dmsetup table</c> prints) and says which devices it uses.
/// </summary>
public abstract record TargetParams
{
    /// <summary>The kernel target name: "linear", "striped", "mirror", ...</summary>
    public abstract string TargetType { get; }

    /// <summary>The parameters in the kernel's syntax, without start, length and type.</summary>
    public abstract string FormatParams();

    /// <summary>Every device this target maps onto, in table order.</summary>
    public abstract IReadOnlyList<DeviceClaim> Claims { get; }

    /// <summary>
    /// Checks the parameters against the target's length (e.g. striped needs a length divisible by the
    /// stripe count); throws <see cref="Errors.StorageException"/> with <see cref="Errors.ErrorCode.InvalidTable"/>.
    /// </summary>
    public virtual void Validate(Sectors length)
    {
    }

    /// <summary>
    /// The reload decision: true when loading <paramref name="other"/> in place of this changes nothing.
    /// By default the printed parameters must match exactly, as libdm compares them.
    /// </summary>
    public virtual bool IsEquivalentTo(TargetParams other) =>
        other.TargetType == TargetType && other.FormatParams() == FormatParams();

    /// <summary>
    /// The ranges of underlying devices this target uses for a line of <paramref name="length"/> sectors
    /// (the kernel's <c>iterate_devices</c>); the engine checks each lies inside its device.
    /// </summary>
    public virtual IEnumerable<DeviceArea> Areas(Sectors length) => [];

    /// <summary>The same target with every device reference replaced by <paramref name="map"/> (paths resolved to numbers).</summary>
    public virtual TargetParams WithDevices(Func<DeviceRef, DeviceRef> map) => this;

    public sealed override string ToString() => $"{TargetType} {FormatParams()}".TrimEnd();
}
