using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Reports;

/// <summary>
/// A <c>--units</c> choice, as LVM2 reads it: <c>r</c>/<c>R</c> human-readable with a '&lt;' mark when
/// rounded up (the default), <c>h</c>/<c>H</c> human-readable, <c>b</c>/<c>B</c> bytes, <c>s</c>/<c>S</c>
/// sectors, <c>k m g t p e</c> powers of 1024 and <c>K M G T P E</c> powers of 1000.
/// </summary>
public readonly record struct Units
{
    private Units(char letter, ulong factor)
    {
        Letter = letter;
        Factor = factor;
    }

    /// <summary>The letter as given.</summary>
    public char Letter { get; }

    /// <summary>Bytes per unit; 0 for the human-readable forms.</summary>
    public ulong Factor { get; }

    public bool IsHuman => Factor == 0;

    /// <summary>Human-readable with powers of 1000 (H, R).</summary>
    public bool IsSiHuman => Letter is 'H' or 'R';

    /// <summary>Marks values rounded up with '&lt;' (r, R).</summary>
    public bool MarksRounding => Letter is 'r' or 'R';

    /// <summary>LVM2's default, <c>r</c>.</summary>
    public static Units Default => new('r', 0);

    /// <summary>Parses a <c>--units</c> value (one letter); InvalidArgument otherwise.</summary>
    public static Units Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 1 && TryFactor(text[0], out ulong factor))
        {
            return new Units(text[0], factor);
        }
        throw new StorageException(ErrorCode.InvalidArgument, $"Invalid units specification \"{text}\".",
            "use one of r R h H b B s S k K m M g G t T p P e E");
    }

    private static bool TryFactor(char c, out ulong factor)
    {
        const ulong K = 1024, D = 1000;
        factor = c switch
        {
            'h' or 'H' or 'r' or 'R' => 0,
            'b' or 'B' => 1,
            's' or 'S' => 512,
            'k' => K,
            'm' => K * K,
            'g' => K * K * K,
            't' => K * K * K * K,
            'p' => K * K * K * K * K,
            'e' => K * K * K * K * K * K,
            'K' => D,
            'M' => D * D,
            'G' => D * D * D,
            'T' => D * D * D * D,
            'P' => D * D * D * D * D,
            'E' => D * D * D * D * D * D,
            _ => ulong.MaxValue,
        };
        return factor != ulong.MaxValue;
    }
}
