namespace SharpLvm.DeviceMapper.Safety;

/// <summary>How strict the checker is.</summary>
public enum CheckMode
{
    /// <summary>Our own plans: every rule is an error.</summary>
    Plan,
    /// <summary>
    /// Replaying a real LVM2 log: a load while suspended (rule 2) is a warning, because LVM2 did it until
    /// 2011 (libdm's suspended-device counter, commit 1840aa097).
    /// </summary>
    Trace,
}
