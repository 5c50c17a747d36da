using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Mirror;

/// <summary>
/// A dirty-region log (dm-log): a clean bitmap (persisted by the disk log) and a sync bitmap with its
/// count. All members are called under the owning mirror's lock.
/// </summary>
internal abstract class RegionLog
{
    private bool _touchedDirtied;
    private bool _touchedCleaned;
    private ulong _searchFrom;

    protected RegionLog(MirrorLog parameters, ulong regionCount)
    {
        Parameters = parameters;
        RegionCount = regionCount;
        Clean = new RegionBitmap(regionCount);
        Sync = new RegionBitmap(regionCount);
    }

    public MirrorLog Parameters { get; }

    public ulong RegionCount { get; }

    protected RegionBitmap Clean { get; }

    protected RegionBitmap Sync { get; }

    public ulong SyncCount { get; protected set; }

    /// <summary>'A' healthy, 'D' a log read or write failed, 'F' a flush of the log device failed.</summary>
    public char Health { get; protected set; } = 'A';

    public bool Failed => Health != 'A';

    public bool InSync(ulong region) => Sync[region];

    public bool IsClean(ulong region) => Clean[region];

    public void SetInSync(ulong region, bool inSync)
    {
        if (Sync[region] == inSync)
        {
            return;
        }
        Sync[region] = inSync;
        SyncCount = inSync ? SyncCount + 1 : SyncCount - 1;
    }

    /// <summary>mark_region: the region has writes coming; the next flush records it dirty.</summary>
    public void MarkDirty(ulong region)
    {
        Clean[region] = false;
        _touchedDirtied = true;
    }

    /// <summary>clear_region: the region is clean; the next flush records it (after the legs are flushed).</summary>
    public void MarkClean(ulong region)
    {
        Clean[region] = true;
        _touchedCleaned = true;
    }

    /// <summary>get_resync_work: the next region not in sync, ascending from the search cursor.</summary>
    public ulong? NextResyncWork()
    {
        ulong? region = Sync.NextZero(_searchFrom);
        _searchFrom = region is { } r ? r + 1 : RegionCount;
        return region;
    }

    /// <summary>
    /// Writes what changed. Before newly cleaned bits are recorded <paramref name="flushLegs"/> runs so data is
    /// stable first; it returns false when a leg flush failed, and the log then keeps every region dirty.
    /// </summary>
    public void Flush(Func<bool> flushLegs)
    {
        if (!_touchedDirtied && !_touchedCleaned)
        {
            return;
        }
        if (_touchedCleaned && HasDevice && !flushLegs())
        {
            Clean.SetAll(false);
        }
        Write(_touchedDirtied);
        _touchedDirtied = false;
        _touchedCleaned = false;
    }

    /// <summary>Resume: the core log only resets its cursor; the disk log re-reads and rewrites itself.</summary>
    public virtual void Resume() => _searchFrom = 0;

    protected abstract bool HasDevice { get; }

    /// <summary>Persists the clean bitmap (disk log); <paramref name="flushDevice"/> after newly dirtied bits.</summary>
    protected abstract void Write(bool flushDevice);

    /// <summary>The log part of the mirror's status: "1 core" or "3 disk &lt;dev&gt; &lt;A|D|F&gt;".</summary>
    public abstract string Status();

    protected void RecountSync() => SyncCount = Sync.PopCount();
}

/// <summary>
/// The core log: nothing persists. Clean bits start all 1; sync bits all 1 with nosync, else all 0 (a full
/// resync after the first resume). The bits survive a suspend/resume of the same table.
/// </summary>
internal sealed class CoreRegionLog : RegionLog
{
    public CoreRegionLog(MirrorLog parameters, ulong regionCount) : base(parameters, regionCount)
    {
        Clean.SetAll(true);
        Sync.SetAll(parameters.Sync == MirrorSync.NoSync);
        RecountSync();
    }

    protected override bool HasDevice => false;

    protected override void Write(bool flushDevice)
    {
    }

    public override string Status() => "1 core";
}
