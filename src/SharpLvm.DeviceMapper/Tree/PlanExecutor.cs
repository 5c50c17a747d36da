using SharpLvm.DeviceMapper.Engine;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;

namespace SharpLvm.DeviceMapper.Tree;

/// <summary>
/// Runs a plan against any <see cref="IDeviceMapper"/>, logging each step in LVM2's words. A failure in
/// the preload walk reverts what the plan did so far (removes the devices it created, clears the
/// inactive tables it loaded), as libdm's <c>_dm_tree_revert_activated</c>; a failure later clears the
/// tables not yet resumed and resumes what the plan suspended, as LVM2's revert. Then it rethrows.
/// A new device whose planned number another process took since the plan was made (a command on another VG
/// creating its own devices: only the VG is locked, not the device numbers) is created with the next free
/// number, as the kernel chooses one; the tables loaded after it use the number it got.
/// </summary>
public sealed class PlanExecutor(IDeviceMapper dm, DmLogSink? log = null, DmLogLevel maxLevel = DmLogLevel.Verbose)
{
    /// <summary>Planned number → number the device got, for the new devices created under another number.</summary>
    private readonly Dictionary<DeviceNumber, DeviceNumber> _renumbered = [];

    /// <summary>Runs every step; refuses a plan the checker found unsafe.</summary>
    public void Execute(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Safety.IsSafe)
        {
            throw new StorageException(ErrorCode.Unsafe, $"Refusing to execute an unsafe plan: {plan.Safety.Errors.First()}");
        }
        Execute(plan.Steps);
    }

    /// <summary>Runs steps as given (no check).</summary>
    public void Execute(IReadOnlyList<PlanStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _renumbered.Clear();
        var created = new List<PlanStep>();
        var loaded = new List<DmName>();
        var suspended = new List<DmName>();
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            try
            {
                Run(step);
            }
            catch (StorageException e)
            {
                Log(DmLogLevel.Error, $"{DmLog.Describe(step)} failed: {e.Message}");
                if (step.Phase == PlanPhase.Preload)
                {
                    RevertPreload(created, loaded);
                }
                else
                {
                    RevertSuspended(loaded, suspended);
                }
                throw;
            }
            switch (step.Kind)
            {
                case StepKind.Create:
                    created.Add(step);
                    break;
                case StepKind.Load:
                    loaded.Add(step.Name);
                    break;
                case StepKind.Suspend:
                    suspended.Add(step.Name);
                    break;
                case StepKind.Resume:
                    loaded.Remove(step.Name);
                    suspended.Remove(step.Name);
                    break;
                case StepKind.Rename:
                    Renamed(loaded, step.Name, step.NewName!.Value);
                    Renamed(suspended, step.Name, step.NewName!.Value);
                    break;
            }
        }
    }

    private void Run(PlanStep step)
    {
        Log(DmLogLevel.Verbose, DmLog.Describe(step));
        switch (step.Kind)
        {
            case StepKind.Create:
                Create(step);
                break;
            case StepKind.Load:
                if (maxLevel >= DmLogLevel.Debug)
                {
                    foreach (var line in step.Table!.Lines)
                    {
                        Log(DmLogLevel.Debug, DmLog.AddingTarget(step.Number, line.ToString()));
                    }
                }
                dm.Load(step.Name, _renumbered.Count == 0 ? step.Table! : Renumber(step.Table!));
                break;
            case StepKind.ClearInactive:
                dm.ClearInactive(step.Name);
                break;
            case StepKind.Suspend:
                dm.Suspend(step.Name, step.Flush);
                break;
            case StepKind.Resume:
                dm.Resume(step.Name);
                break;
            case StepKind.Rename:
                dm.Rename(step.Name, step.NewName!.Value);
                break;
            case StepKind.Remove:
                dm.Remove(step.Name);
                break;
        }
    }

    private void Create(PlanStep step)
    {
        try
        {
            dm.Create(step.Name, step.Uuid, step.Number);
        }
        catch (StorageException e) when (e.Code == ErrorCode.AlreadyExists && step.Number is { } planned
            && dm.TryGetInfo(step.Name) is null && dm.TryGetInfo(planned) is { } taker)
        {
            DeviceNumber got = dm.Create(step.Name, step.Uuid).Number;
            _renumbered[planned] = got;
            Log(DmLogLevel.Verbose, $"{step.Name}: the planned number {planned} was taken by {taker.Name}; created as {got}.");
        }
    }

    private Table Renumber(Table table) => new([.. table.Lines.Select(l => l with
    {
        Params = l.Params.WithDevices(d => d.Number is { } n && _renumbered.TryGetValue(n, out var got) ? DeviceRef.Of(got) : d),
    })]);

    private void RevertPreload(List<PlanStep> created, List<DmName> loaded)
    {
        var createdNames = created.Select(c => c.Name).ToHashSet();
        foreach (var name in loaded.Where(n => !createdNames.Contains(n)).Reverse())
        {
            BestEffort($"Clearing inactive table {name}", () => dm.ClearInactive(name));
        }
        for (int i = created.Count - 1; i >= 0; i--)
        {
            var name = created[i].Name;
            Log(DmLogLevel.Debug, DmLog.Reverting(name));
            BestEffort($"Removing {name}", () => dm.Remove(name));
        }
    }

    private void RevertSuspended(List<DmName> loaded, List<DmName> suspended)
    {
        foreach (var name in loaded)
        {
            BestEffort($"Clearing inactive table {name}", () => dm.ClearInactive(name));
        }
        for (int i = suspended.Count - 1; i >= 0; i--)
        {
            var name = suspended[i];
            BestEffort($"Resuming {name}.", () => dm.Resume(name));
        }
    }

    private void BestEffort(string what, Action action)
    {
        try
        {
            Log(DmLogLevel.Verbose, what);
            action();
        }
        catch (StorageException e)
        {
            Log(DmLogLevel.Warning, $"{what} during revert failed: {e.Message}");
        }
    }

    private static void Renamed(List<DmName> names, DmName from, DmName to)
    {
        int i = names.IndexOf(from);
        if (i >= 0)
        {
            names[i] = to;
        }
    }

    private void Log(DmLogLevel level, string message)
    {
        if (level <= maxLevel)
        {
            log?.Invoke(level, message);
        }
    }
}
