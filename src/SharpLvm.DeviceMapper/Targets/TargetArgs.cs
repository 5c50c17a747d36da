using System.Globalization;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.DeviceMapper.Units;

namespace SharpLvm.DeviceMapper.Targets;

/// <summary>
/// A cursor over a target's parameter words, parsing numbers strictly in decimal as the kernel's
/// <c>kstrtouint</c> and <c>%llu%c</c> do. Every failure is one <see cref="StorageException"/>
/// (<see cref="ErrorCode.InvalidTable"/>) naming the target, the whole parameter string and the problem.
/// </summary>
internal sealed class TargetArgs
{
    private readonly string _type;
    private readonly string[] _args;

    public TargetArgs(string type, string[] args)
    {
        _type = type;
        _args = args;
    }

    public int Position { get; private set; }

    public int Remaining => _args.Length - Position;

    public int Count => _args.Length;

    public bool AtEnd => Position >= _args.Length;

    public StorageException Invalid(string why) => TargetRegistry.Invalid(_type, _args, why);

    public string Word(string what) =>
        Position < _args.Length ? _args[Position++] : throw Invalid($"missing {what}");

    public string? PeekWord() => Position < _args.Length ? _args[Position] : null;

    public uint UInt32(string what)
    {
        string word = Word(what);
        return uint.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
            ? value
            : throw Invalid($"{what} \"{word}\" is not an unsigned 32-bit number");
    }

    public Sectors Sectors(string what)
    {
        string word = Word(what);
        return ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? new Sectors(value)
            : throw Invalid($"{what} \"{word}\" is not a sector count");
    }

    public DeviceRef Device(string what)
    {
        string word = Word(what);
        try
        {
            return DeviceRef.Parse(word);
        }
        catch (StorageException)
        {
            throw Invalid($"{what} \"{word}\" is neither major:minor nor an absolute path");
        }
    }

    /// <summary>Throws when words are left over.</summary>
    public void End(string why = "too many parameters")
    {
        if (!AtEnd)
        {
            throw Invalid($"{why} (unexpected \"{string.Join(' ', _args[Position..])}\")");
        }
    }
}
