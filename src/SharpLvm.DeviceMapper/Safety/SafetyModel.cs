using SharpLvm.DeviceMapper.Names;
using SharpLvm.DeviceMapper.Targets;
using SharpLvm.DeviceMapper.Tree;

namespace SharpLvm.DeviceMapper.Safety;

/// <summary>
/// A model of device-mapper's live and inactive tables and suspended flags, changed one step at a time,
/// with an index of which live tables use which device. Each step is checked against the rules as it is
/// applied; only a resume can make two live, unsuspended tables share a device, so rule (1) is checked
/// there, for the devices the resumed table uses (cost: the claims of that table).
/// </summary>
public sealed class SafetyModel
{
    private readonly Dictionary<DmName, ModelDevice> _byName;
    private readonly Dictionary<DeviceNumber, ModelDevice> _byNumber;
    private readonly Dictionary<DeviceRef, RefUsers> _liveUsers;
    private readonly HashSet<uint> _dmMajors = [];
    private readonly List<Violation> _violations = [];
    private readonly CheckMode _mode;
    private int _suspended;

    public SafetyModel(DmState initial, CheckMode mode = CheckMode.Plan)
        : this(initial, mode, 0)
    {
    }

    /// <summary>A model with room for <paramref name="capacity"/> devices besides the initial ones (those a plan creates).</summary>
    internal SafetyModel(DmState initial, CheckMode mode, int capacity)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _mode = mode;
        capacity += initial.Devices.Count;
        _byName = new(capacity);
        _byNumber = new(capacity);
        _liveUsers = new(capacity, DeviceRefComparer.Instance);
        foreach (var d in initial.Devices)
        {
            var device = new ModelDevice(d.Name, d.Uuid, d.Number) { Live = d.Live, Inactive = d.Inactive, Suspended = d.Suspended };
            AddDevice(device);
            if (device.Suspended)
            {
                _suspended++;
            }
        }
        foreach (var device in _byName.Values)
        {
            Index(device);
        }
    }

    public IReadOnlyList<Violation> Violations => _violations;

    /// <summary>How many devices are suspended now.</summary>
    public int SuspendedCount => _suspended;

    public bool Exists(DmName name) => _byName.ContainsKey(name);

    public bool IsSuspended(DmName name) => _byName.TryGetValue(name, out var d) && d.Suspended;

    public bool HasInactiveTable(DmName name) => _byName.TryGetValue(name, out var d) && d.Inactive is not null;

    public Table? LiveTable(DmName name) => _byName.GetValueOrDefault(name)?.Live;

    /// <summary>The devices now, in no particular order.</summary>
    public DmState ToState() =>
        new(_byName.Values.OrderBy(d => d.Number).Select(d => new DeviceSnapshot(d.Name, d.Uuid, d.Number, d.Live, d.Inactive, d.Suspended)));

    /// <summary>
    /// Would making <paramref name="table"/> the live table of <paramref name="name"/> now share a device
    /// with another unsuspended live table where either claim is exclusive? Returns that other device.
    /// </summary>
    public DmName? WouldShareExclusive(DmName name, Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var claims = table.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            if (_liveUsers.TryGetValue(claim.Device, out var users) && users.FindConflict(claim.Exclusive, new NotNamed(name)) is { } other)
            {
                return other.User.Name;
            }
        }
        return null;
    }

    /// <summary>Applies step <paramref name="index"/>, recording any rule it breaks.</summary>
    public void Apply(PlanStep step, int index, int? line = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind == StepKind.Create)
        {
            Create(step, index, line);
            return;
        }
        if (!_byName.TryGetValue(step.Name, out var device))
        {
            Report(SafetyRule.InvalidStep, Severity.Error, index, line, $"{DmLog.Describe(step)}: device {step.Name} does not exist.");
            return;
        }
        switch (step.Kind)
        {
            case StepKind.Load:
                Load(device, step.Table!, index, line);
                break;
            case StepKind.ClearInactive:
                device.Inactive = null;
                break;
            case StepKind.Suspend:
                if (!device.Suspended)
                {
                    device.Suspended = true;
                    _suspended++;
                }
                break;
            case StepKind.Resume:
                Resume(device, index, line);
                break;
            case StepKind.Rename:
                Rename(device, step.NewName!.Value, index, line);
                break;
            case StepKind.Remove:
                Remove(device, index, line);
                break;
        }
    }

    /// <summary>Rules (3) and (5): nothing suspended, and the live tables are the expected ones.</summary>
    public void Finish(ExpectedState? expected, int index = -1)
    {
        foreach (var device in _byName.Values.Where(d => d.Suspended).OrderBy(d => d.Number))
        {
            Report(SafetyRule.LeftSuspended, Severity.Error, index, null, $"{Id(device)} is left suspended.");
        }
        if (expected is null)
        {
            return;
        }
        foreach (var (name, table) in expected.Devices)
        {
            var device = _byName.GetValueOrDefault(name);
            if (table is null)
            {
                if (device is not null)
                {
                    Report(SafetyRule.FinalStateMismatch, Severity.Error, index, null, $"{Id(device)} should have been removed.");
                }
            }
            else if (device is null)
            {
                Report(SafetyRule.FinalStateMismatch, Severity.Error, index, null, $"{name} should exist with table \"{table}\".");
            }
            else if (device.Live is null || (!ReferenceEquals(device.Live, table) && !device.Live.IsEquivalentTo(table)))
            {
                Report(SafetyRule.FinalStateMismatch, Severity.Error, index, null,
                    $"{Id(device)} has live table \"{device.Live}\" instead of \"{table}\".");
            }
        }
    }

    private void Create(PlanStep step, int index, int? line)
    {
        if (_byName.ContainsKey(step.Name))
        {
            Report(SafetyRule.InvalidStep, Severity.Error, index, line, $"Creating {step.Name}: the name exists.");
            return;
        }
        var number = step.Number ?? NextFreeNumber();
        if (_byNumber.TryGetValue(number, out var holder))
        {
            Report(SafetyRule.InvalidStep, Severity.Error, index, line, $"Creating {step.Name}: number {number} belongs to {holder.Name}.");
            return;
        }
        AddDevice(new ModelDevice(step.Name, step.Uuid, number));
    }

    private void Load(ModelDevice device, Table table, int index, int? line)
    {
        if (_suspended > 0)
        {
            var suspended = _byName.Values.Where(d => d.Suspended).Take(4).Select(Id);
            Report(SafetyRule.LoadWhileSuspended, _mode == CheckMode.Trace ? Severity.Warning : Severity.Error, index, line,
                $"Table loaded for {Id(device)} while {_suspended} device(s) are suspended: {string.Join(", ", suspended)}{(_suspended > 4 ? ", ..." : "")}.");
        }
        var claims = table.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            if (IsMissing(claim.Device))
            {
                Report(SafetyRule.MissingDevice, Severity.Error, index, line, $"The table loaded for {Id(device)} uses {claim.Device}, which does not exist.");
            }
        }
        device.Inactive = table;
    }

    private void Resume(ModelDevice device, int index, int? line)
    {
        if (device.Inactive is not null)
        {
            Unindex(device);
            device.Live = device.Inactive;
            device.Inactive = null;
            Index(device);
        }
        if (device.Suspended)
        {
            device.Suspended = false;
            _suspended--;
        }
        if (device.Live is null)
        {
            return;
        }
        HashSet<ModelDevice>? reported = null;
        var claims = device.Live.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            if (IsMissing(claim.Device))
            {
                Report(SafetyRule.MissingDevice, Severity.Error, index, line, $"{Id(device)} resumes a table that uses {claim.Device}, which does not exist.");
                continue;
            }
            if (_liveUsers[claim.Device].FindConflict(claim.Exclusive, new OtherThan(device, reported)) is { } use)
            {
                (reported ??= []).Add(use.User);
                Report(SafetyRule.SharedExclusiveClaim, Severity.Error, index, line,
                    $"{Id(device)} resumes a live table using {claim.Device}{(claim.Exclusive ? " exclusively" : "")} while the live table of {Id(use.User)} (not suspended) uses it{(use.Exclusive ? " exclusively" : "")}: two live tables share it.");
            }
        }
    }

    private void Rename(ModelDevice device, DmName newName, int index, int? line)
    {
        if (_byName.ContainsKey(newName))
        {
            Report(SafetyRule.InvalidStep, Severity.Error, index, line, $"Renaming {Id(device)} to {newName}: the name exists.");
            return;
        }
        _byName.Remove(device.Name);
        device.Name = newName;
        _byName.Add(newName, device);
    }

    private void Remove(ModelDevice device, int index, int? line)
    {
        if (_liveUsers.TryGetValue(DeviceRef.Of(device.Number), out var users) && !users.IsEmpty)
        {
            foreach (var use in users.All.Where(u => u.User != device))
            {
                Report(SafetyRule.MissingDevice, Severity.Error, index, line,
                    $"{Id(device)} is removed while the live table of {Id(use.User)} uses it.");
            }
        }
        if (device.Suspended)
        {
            _suspended--;
        }
        Unindex(device);
        _byName.Remove(device.Name);
        _byNumber.Remove(device.Number);
    }

    private bool IsMissing(DeviceRef device) =>
        device.Number is { } n && _dmMajors.Contains(n.Major) && !_byNumber.ContainsKey(n);

    private DeviceNumber NextFreeNumber()
    {
        uint major = _byNumber.Count > 0 ? _byNumber.Keys.Min().Major : DeviceNumber.DeviceMapperMajor;
        uint minor = 0;
        while (_byNumber.ContainsKey(new DeviceNumber(major, minor)))
        {
            minor++;
        }
        return new DeviceNumber(major, minor);
    }

    private void AddDevice(ModelDevice device)
    {
        _byName.Add(device.Name, device);
        _byNumber.Add(device.Number, device);
        _dmMajors.Add(device.Number.Major);
    }

    private void Index(ModelDevice device)
    {
        if (device.Live is null)
        {
            return;
        }
        var claims = device.Live.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            if (!_liveUsers.TryGetValue(claim.Device, out var users))
            {
                users = new RefUsers();
                _liveUsers.Add(claim.Device, users);
            }
            users.Add(device, claim.Exclusive);
        }
    }

    private void Unindex(ModelDevice device)
    {
        if (device.Live is null)
        {
            return;
        }
        var claims = device.Live.Claims;
        for (int c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            _liveUsers.GetValueOrDefault(claim.Device)?.Remove(device);
        }
    }

    private void Report(SafetyRule rule, Severity severity, int index, int? line, string message) =>
        _violations.Add(new Violation(rule, severity, index, message) { LineNumber = line });

    private static string Id(ModelDevice device) => $"{device.Name} ({device.Number})";

    private sealed class ModelDevice(DmName name, DmUuid? uuid, DeviceNumber number)
    {
        private static int s_next;
        private readonly int _hash = Interlocked.Increment(ref s_next);

        /// <summary>Identity, with a stored hash: sets of users hold thousands of these, each hashed once per model.</summary>
        public override int GetHashCode() => _hash;

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public DmName Name { get; set; } = name;

        public DmUuid? Uuid { get; } = uuid;

        public DeviceNumber Number { get; } = number;

        public Table? Live { get; set; }

        public Table? Inactive { get; set; }

        public bool Suspended { get; set; }
    }

    private readonly record struct LiveUse(ModelDevice User, bool Exclusive);

    /// <summary>DeviceRef equality with a cheap hash of the number (most references are numbers).</summary>
    private sealed class DeviceRefComparer : IEqualityComparer<DeviceRef>
    {
        public static readonly DeviceRefComparer Instance = new();

        public bool Equals(DeviceRef x, DeviceRef y) => x.Number == y.Number && string.Equals(x.Path, y.Path, StringComparison.Ordinal);

        public int GetHashCode(DeviceRef obj) =>
            obj.Number is { } n ? (int)(n.Major * 0x9E3779B1u ^ n.Minor) : StringComparer.Ordinal.GetHashCode(obj.Path!);
    }

    /// <summary>Which other live users count for a conflict (a struct, so the checks allocate nothing).</summary>
    private interface IUserFilter
    {
        bool Accepts(ModelDevice user);
    }

    /// <summary>Any device but <paramref name="self"/> and those already reported.</summary>
    private readonly struct OtherThan(ModelDevice self, HashSet<ModelDevice>? reported) : IUserFilter
    {
        public bool Accepts(ModelDevice user) => user != self && reported?.Contains(user) != true;
    }

    /// <summary>Any device not named <paramref name="name"/>.</summary>
    private readonly struct NotNamed(DmName name) : IUserFilter
    {
        public bool Accepts(ModelDevice user) => user.Name != name;
    }

    /// <summary>
    /// The live users of one device, exclusive and shared apart: a PV under 20,000 linear maps has 20,000
    /// shared users, and a shared claim only conflicts with an exclusive one, so it never walks them.
    /// A device normally has one exclusive user (more is what the checker reports), so those are a short
    /// list; both collections are made on first use.
    /// </summary>
    private sealed class RefUsers
    {
        private List<ModelDevice>? _exclusive;
        private HashSet<ModelDevice>? _shared;

        public IEnumerable<LiveUse> All =>
            (_exclusive ?? []).Select(d => new LiveUse(d, true))
                .Concat((_shared ?? []).Where(d => _exclusive?.Contains(d) != true).Select(d => new LiveUse(d, false)));

        public bool IsEmpty => (_exclusive is null || _exclusive.Count == 0) && (_shared is null || _shared.Count == 0);

        public void Add(ModelDevice device, bool exclusive)
        {
            if (!exclusive)
            {
                (_shared ??= []).Add(device);
            }
            else if (!(_exclusive ??= []).Contains(device))
            {
                _exclusive.Add(device);
            }
        }

        public void Remove(ModelDevice device)
        {
            _exclusive?.Remove(device);
            _shared?.Remove(device);
        }

        /// <summary>An unsuspended user the filter accepts that a claim (exclusive or not) cannot live with.</summary>
        public LiveUse? FindConflict<TFilter>(bool exclusive, TFilter accepts)
            where TFilter : struct, IUserFilter
        {
            if (_exclusive is not null)
            {
                foreach (var d in _exclusive)
                {
                    if (!d.Suspended && accepts.Accepts(d))
                    {
                        return new LiveUse(d, true);
                    }
                }
            }
            if (exclusive && _shared is not null)
            {
                foreach (var d in _shared)
                {
                    if (!d.Suspended && accepts.Accepts(d))
                    {
                        return new LiveUse(d, false);
                    }
                }
            }
            return null;
        }
    }
}
